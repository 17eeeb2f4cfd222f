package org.scimbridge.bridge.ldap;

import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import com.unboundid.asn1.ASN1OctetString;

import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.CompareRequest;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.DeleteRequest;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ModifyDNRequest;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.extensions.PasswordModifyExtendedRequest;
import com.unboundid.ldap.sdk.controls.AssertionRequestControl;
import com.unboundid.ldap.sdk.controls.PermissiveModifyRequestControl;
import com.unboundid.ldap.sdk.controls.PostReadRequestControl;
import com.unboundid.ldap.sdk.controls.PostReadResponseControl;
import com.unboundid.ldap.sdk.controls.SortKey;
import com.unboundid.ldap.sdk.controls.VirtualListViewResponseControl;

import org.scimbridge.mapping.ScimException;

/**
 * The only class that talks LDAP. It depends on {@link LDAPInterface}, so a pool, a single connection or an in-memory
 * server all fit, and turns every failure into a {@link ScimException} through {@link LdapErrors}.
 */
public final class LdapDirectory {

    /** The {@code Retry-After} of a 503 where nothing is configured (tests, the demo). */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

    private final LDAPInterface ldap;
    private final DirectoryFeatures features;
    private final VlvSearches vlv;
    private final SortedCursors cursors;
    /** Present in dry-run mode: writes are described and answered, never sent; reads stay real. */
    private final Optional<DryRun> dryRun;
    private final Duration retryAfter;

    public LdapDirectory(LDAPInterface ldap, DirectoryFeatures features) {
        this(ldap, features, Duration.ofSeconds(60));
    }

    /** @param vlvReuse how long a page walk may reuse the directory's sorted list (its snapshot) */
    public LdapDirectory(LDAPInterface ldap, DirectoryFeatures features, Duration vlvReuse) {
        this(ldap, features, vlvReuse, DEFAULT_RETRY_AFTER);
    }

    /**
     * @param vlvReuse   how long a page walk may reuse the directory's sorted list (its snapshot)
     * @param retryAfter how long clients are told to wait before they retry while the directory is unavailable
     */
    public LdapDirectory(LDAPInterface ldap, DirectoryFeatures features, Duration vlvReuse, Duration retryAfter) {
        this(ldap, features, vlvReuse, retryAfter, 0);
    }

    /**
     * @param maxCursors how many walks may each keep a connection of {@code ldap}'s pool between pages, to go on page by
     *                   page on one sort where the directory counts what remains ({@link SortedCursors}); 0 for none
     */
    public LdapDirectory(LDAPInterface ldap, DirectoryFeatures features, Duration vlvReuse, Duration retryAfter,
                         int maxCursors) {
        this(ldap, features, new VlvSearches(ldap, vlvReuse, maxCursors), new SortedCursors(ldap, vlvReuse, SortedCursors.IDLE,
                features.remainingInSortedPages() ? maxCursors : 0), retryAfter, Optional.empty());
    }

    private LdapDirectory(LDAPInterface ldap, DirectoryFeatures features, VlvSearches vlv, SortedCursors cursors,
                          Duration retryAfter, Optional<DryRun> dryRun) {
        this.ldap = ldap;
        this.features = features;
        this.vlv = vlv;
        this.cursors = cursors;
        this.retryAfter = retryAfter;
        this.dryRun = dryRun;
    }

    /** This directory in dry-run mode: every write below is described to {@code dryRun} instead of sent. */
    public LdapDirectory dryRun(DryRun dryRun) {
        return new LdapDirectory(ldap, features, vlv, cursors, retryAfter, Optional.of(dryRun));
    }

    /**
     * Runs {@code work} against one connection of the pool for its whole length. A simple paged results cookie (RFC
     * 2696) belongs to the connection that received it; sent on another one, OpenLDAP answers "unwilling to perform" or
     * "protocol error" (bench/directory met both when concurrent walks made the bridge page with snapshots).
     */
    public <T> T onOneConnection(Function<LdapDirectory, T> work) {
        if (!(ldap instanceof LDAPConnectionPool pool)) {
            return work.apply(this); // a single connection or an in-process server
        }
        LDAPConnection connection;
        try {
            connection = pool.getConnection();
        } catch (LDAPException e) {
            throw LdapErrors.toScim(e);
        }
        boolean healthy = false;
        try {
            T result = work.apply(new LdapDirectory(connection, features, new VlvSearches(connection, Duration.ZERO),
                    new SortedCursors(connection, Duration.ZERO, Duration.ZERO, 0), retryAfter, dryRun));
            healthy = true;
            return result;
        } catch (ScimException e) {
            healthy = connection.isConnected(); // a refusal leaves the connection usable; a broken one is replaced
            throw e;
        } finally {
            if (healthy) {
                pool.releaseConnection(connection);
            } else {
                pool.releaseDefunctConnection(connection);
            }
        }
    }

    public boolean isDryRun() {
        return dryRun.isPresent();
    }

    public DirectoryFeatures features() {
        return features;
    }

    /** The {@code Retry-After} of a 503 (RFC 9110 section 10.2.3): the directory is expected back after about this long. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** At most one entry; two matches mean the id or name is not unique in the directory, which the caller must hear. */
    public Optional<SearchResultEntry> findOne(DN base, SearchScope scope, Filter filter, String... attributes) {
        List<SearchResultEntry> entries = search(base, scope, filter, 2, attributes);
        if (entries.size() > 1) {
            throw ScimException.internal("two directory entries match " + filter + " below " + base
                    + "; the mapping's id or naming attribute is not unique");
        }
        return entries.stream().findFirst();
    }

    /** All entries matching, bounded by {@code sizeLimit}: exceeding it is a 400 tooMany, never an unbounded read. */
    public List<SearchResultEntry> search(DN base, SearchScope scope, Filter filter, int sizeLimit, String... attributes) {
        SearchRequest request = new SearchRequest(base.toString(), scope, filter, attributes);
        request.setSizeLimit(sizeLimit);
        try {
            SearchResult result = ldap.search(request);
            return result.getSearchEntries();
        } catch (LDAPSearchException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return List.of(); // the base itself is missing: an empty result, as for any non-matching filter
            }
            throw LdapErrors.toScim(e);
        }
    }

    /**
     * A search with controls (sort, VLV, paged results); the result is returned whole so the caller can read the
     * response controls. A search that fails with response controls attached (VLV offset errors) returns them too.
     */
    public SearchResult search(SearchRequest request) {
        try {
            return ldap.search(request);
        } catch (LDAPSearchException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return e.getSearchResult();
            }
            throw LdapErrors.toScim(e);
        }
    }

    /**
     * A search for at most about a page of entries (its size limit says how many), ordered by {@code keys} here rather
     * than by the directory (RFC 2891 server-side sort): empty when the size limit is reached, because the
     * caller has a better way for large results. Sorting a handful of entries costs the bridge microseconds; asking
     * slapd's sssvlv overlay to do it costs the directory ~50 % more CPU per lookup (bench/directory) and can be
     * refused as {@code busy} when other connections hold sorts.
     */
    public Optional<SearchResult> sortedSearchWithinLimit(SearchRequest request, SortKey... keys) {
        try {
            return Optional.of(SortedHere.search(ldap, request, keys));
        } catch (LDAPSearchException e) {
            return switch (e.getResultCode().intValue()) {
                case ResultCode.SIZE_LIMIT_EXCEEDED_INT_VALUE -> Optional.empty();
                case ResultCode.NO_SUCH_OBJECT_INT_VALUE -> Optional.of(e.getSearchResult());
                default -> throw LdapErrors.toScim(e);
            };
        } catch (LDAPException e) {
            throw LdapErrors.toScim(e);
        }
    }

    /**
     * Gives back to the pool the connections set aside between the pages of walks ({@link VlvSearches}); called before
     * the pool closes, which closes only the connections it holds.
     */
    public void releaseHeldConnections() {
        vlv.close();
        cursors.close();
    }

    /**
     * A page of a sorted walk from a cursor the directory keeps ({@link SortedCursors}): from index 1 a new one, later
     * the page a parked cursor stands at. Empty when no cursor can answer (the caller uses a virtual list view).
     *
     * @param sorted the search with its server-side sort control
     */
    public Optional<SortedPage> sortedPage(String searchKey, int startIndex, int count, SearchRequest sorted) {
        return cursors.page(searchKey, startIndex, count, sorted);
    }

    /** A page of a sorted walk: its entries, and how many entries of the sorted list come after them. */
    public record SortedPage(List<SearchResultEntry> entries, long after) {
    }

    /**
     * A virtual list view search; {@code build} receives the context ID to continue (or null) and returns the request
     * with its sort and VLV controls. The result comes back whole, response controls included, also when the directory
     * reports an error with them (an offset out of range). Empty when the directory refuses the sort as {@code busy}
     * even on a fresh connection: OpenLDAP's sssvlv overlay caps the sorts it runs and keeps across all connections
     * (by default half its threads), which concurrent walks reach; the caller answers 503 with Retry-After then.
     */
    public Optional<SearchResult> vlvSearch(String searchKey, Function<ASN1OctetString, SearchRequest> build) {
        return vlvSearch(searchKey, build, true);
    }

    private Optional<SearchResult> vlvSearch(String searchKey, Function<ASN1OctetString, SearchRequest> build,
                                             boolean mayDropCursors) {
        try {
            return Optional.of(vlv.search(searchKey, build));
        } catch (LDAPSearchException e) {
            if (e.getResultCode() == ResultCode.BUSY && mayDropCursors && cursors.dropAll() > 0) {
                // The sorts this instance keeps for walks' cursors count against the directory's cap too: a page the
                // directory refuses goes first, the cursors' walks go on with VLV.
                return vlvSearch(searchKey, build, false);
            }
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT || e.getSearchResult() != null
                    && e.getSearchResult().hasResponseControl(VirtualListViewResponseControl.VIRTUAL_LIST_VIEW_RESPONSE_OID)) {
                return Optional.of(e.getSearchResult()); // e.g. an offset out of range: the response control says what happened
            }
            if (e.getResultCode() == ResultCode.BUSY) {
                return Optional.empty();
            }
            throw LdapErrors.toScim(e);
        } catch (LDAPException e) {
            throw LdapErrors.toScim(e);
        }
    }

    /** Adds the entry and returns it as stored (with operational attributes), in one round trip where possible. */
    public Entry add(Entry entry, String... readBack) {
        if (dryRun.isPresent()) {
            return dryRun.get().add(entry);
        }
        AddRequest request = new AddRequest(entry);
        postRead(readBack).ifPresent(request::addControl);
        return readBackAfter(execute(() -> ldap.add(request)), parsedDn(entry), readBack);
    }

    /** One modify with exactly these modifications; returns the entry afterwards. */
    public Entry modify(DN dn, List<Modification> modifications, String... readBack) {
        return modify(dn, modifications, Optional.empty(), readBack);
    }

    /**
     * One modify with exactly these modifications, applied only while {@code assertion} holds on the entry (RFC 4528:
     * the directory refuses it atomically with assertionFailed, which becomes 412); returns the entry afterwards.
     */
    public Entry modify(DN dn, List<Modification> modifications, Optional<Filter> assertion, String... readBack) {
        return modify(dn, modifications, assertion, false, readBack);
    }

    /**
     * A modify that may be permissive: with the permissive modify control (where offered) adding a value that is
     * already there or deleting one that is not succeeds, so member changes are idempotent without reading the group.
     */
    public Entry modify(DN dn, List<Modification> modifications, Optional<Filter> assertion, boolean permissive,
                        String... readBack) {
        if (dryRun.isPresent()) {
            requireInDryRun(dn, assertion);
            String[] attributes = DryRun.withNames(readBack, modifications).toArray(String[]::new);
            return dryRun.get().modify(dn, modifications, read(dn, attributes));
        }
        ModifyRequest request = new ModifyRequest(dn, modifications);
        assertionControl(assertion).ifPresent(request::addControl);
        if (permissive) {
            // Non-critical: OpenLDAP 2.5 honours it for adds of present values (not for deletes of absent ones) without
            // listing it in the root DSE; others ignore it. A conflict falls back to checking the values (GroupMembers).
            request.addControl(new PermissiveModifyRequestControl(false));
        }
        postRead(readBack).ifPresent(request::addControl);
        return readBackAfter(execute(() -> ldap.modify(request)), dn, readBack);
    }

    /**
     * A permissive modify that, should the directory refuse it because the entry would break its object class (a
     * groupOfNames left without a member), is retried once with {@code keepValid} first. The common case, a group that
     * keeps members, costs one modify with exactly the requested values.
     */
    public Entry modifyKeepingNonEmpty(DN dn, List<Modification> modifications, Optional<Filter> assertion,
                                       Optional<Modification> keepValid, String... readBack) {
        if (dryRun.isPresent()) {
            return modify(dn, modifications, assertion, true, readBack);
        }
        ModifyRequest request = new ModifyRequest(dn, modifications);
        assertionControl(assertion).ifPresent(request::addControl);
        request.addControl(new PermissiveModifyRequestControl(false));
        postRead(readBack).ifPresent(request::addControl);
        try {
            return readBackAfter(ldap.modify(request), dn, readBack);
        } catch (LDAPException e) {
            if (e.getResultCode() != ResultCode.OBJECT_CLASS_VIOLATION || keepValid.isEmpty()) {
                throw LdapErrors.toScim(e);
            }
            List<Modification> withKeeper = new ArrayList<>();
            withKeeper.add(keepValid.get());
            withKeeper.addAll(modifications);
            return modify(dn, withKeeper, assertion, true, readBack);
        }
    }

    /** Renames an entry in place (same parent); the old RDN value is removed as the new one is added. */
    public DN rename(DN dn, RDN newRdn) {
        if (dryRun.isPresent()) {
            dryRun.get().rename(dn, new DN(newRdn, dn.getParent()), Optional.empty());
            return new DN(newRdn, dn.getParent());
        }
        execute(() -> ldap.modifyDN(new ModifyDNRequest(dn, newRdn, true)));
        return new DN(newRdn, dn.getParent());
    }

    /**
     * Renames and/or moves an entry (a new parent for the move deactivation strategy) under an optional assertion;
     * returns the entry at its new DN with {@code readBack} (its new version).
     */
    public Entry rename(DN dn, DN newDn, Optional<Filter> assertion, String... readBack) {
        if (dryRun.isPresent()) {
            requireInDryRun(dn, assertion);
            return dryRun.get().rename(dn, newDn, read(dn, readBack));
        }
        DN newParent = newDn.getParent();
        ModifyDNRequest request = newParent.equals(dn.getParent()) ? new ModifyDNRequest(dn, newDn.getRDN(), true)
                : new ModifyDNRequest(dn.toString(), newDn.getRDN().toString(), true, newParent.toString());
        assertionControl(assertion).ifPresent(request::addControl);
        postRead(readBack).ifPresent(request::addControl);
        return readBackAfter(execute(() -> ldap.modifyDN(request)), newDn, readBack);
    }

    /**
     * Sets a password with the Password Modify extended operation (RFC 3062), so the directory hashes it per its own
     * policy; a policy rejection becomes 400 invalidValue with the directory's reason.
     */
    public void passwordModify(DN user, String password) {
        if (dryRun.isPresent()) {
            dryRun.get().passwordModify(user);
            return;
        }
        try {
            ExtendedResult result = ldap instanceof LDAPConnectionPool pool
                    ? pool.processExtendedOperation(new PasswordModifyExtendedRequest(user.toString(), null, password))
                    : ((com.unboundid.ldap.sdk.LDAPConnection) ldap).processExtendedOperation(
                            new PasswordModifyExtendedRequest(user.toString(), null, password));
            if (result.getResultCode() != ResultCode.SUCCESS) {
                throw LdapErrors.toScim(new LDAPException(result));
            }
        } catch (LDAPException e) {
            throw LdapErrors.toScim(e);
        } catch (ClassCastException e) {
            throw ScimException.internal("the password modify operation needs a connection pool");
        }
    }

    public void delete(DN dn) {
        delete(dn, Optional.empty());
    }

    public void delete(DN dn, Optional<Filter> assertion) {
        if (dryRun.isPresent()) {
            requireInDryRun(dn, assertion);
            dryRun.get().delete(dn);
            return;
        }
        DeleteRequest request = new DeleteRequest(dn);
        assertionControl(assertion).ifPresent(request::addControl);
        execute(() -> ldap.delete(request));
    }

    /** LDAP compare (RFC 4511 section 4.10): whether the entry holds this value, by the attribute's equality rule. */
    public boolean holds(DN dn, String attribute, String value) {
        try {
            return ldap.compare(new CompareRequest(dn, attribute, value)).compareMatched();
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_ATTRIBUTE) {
                return false;
            }
            throw LdapErrors.toScim(e);
        }
    }

    /** All values of a possibly ranged attribute (Active Directory's member;range=...). */
    public List<String> readAllValues(DN dn, String attribute) {
        try {
            return RangedValues.readAll(ldap, dn.toString(), attribute);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw e instanceof LDAPException ldapException ? LdapErrors.toScim(ldapException) : new IllegalStateException(e);
        }
    }

    public Optional<SearchResultEntry> read(DN dn, String... attributes) {
        try {
            return Optional.ofNullable(ldap.getEntry(dn.toString(), attributes));
        } catch (LDAPException e) {
            throw LdapErrors.toScim(e);
        }
    }

    /**
     * The assertion a live write would carry, checked by a real base-scope read: a dry run answers 412 where the
     * directory would refuse the write (a stale If-Match, the member fast path's identity and protection assertion).
     */
    private void requireInDryRun(DN dn, Optional<Filter> assertion) {
        if (assertionControl(assertion).isPresent() && search(dn, SearchScope.BASE, assertion.get(), 1, "1.1").isEmpty()) {
            throw LdapErrors.toScim(new LDAPException(ResultCode.ASSERTION_FAILED, "the assertion does not hold (dry run)"));
        }
    }

    /** RFC 4528 assertion control, where the directory supports it; callers serialise conditional writes otherwise. */
    private Optional<Control> assertionControl(Optional<Filter> assertion) {
        return features.assertion() ? assertion.map(a -> new AssertionRequestControl(a, true)) : Optional.empty();
    }

    private Optional<Control> postRead(String... attributes) {
        // RFC 4527 post-read control: the directory returns the entry as written, saving a search after every write.
        return features.postRead() && attributes.length > 0 ? Optional.of(new PostReadRequestControl(attributes)) : Optional.empty();
    }

    private Entry readBackAfter(LDAPResult result, DN dn, String... attributes) {
        try {
            PostReadResponseControl control = PostReadResponseControl.get(result);
            if (control != null) {
                return control.getEntry();
            }
        } catch (LDAPException e) {
            // a malformed control is no reason to fail a write that succeeded: read the entry instead
        }
        return read(dn, attributes).orElseThrow(() -> ScimException.notFound("the resource vanished right after the write"));
    }

    private static DN parsedDn(Entry entry) {
        try {
            return entry.getParsedDN();
        } catch (LDAPException e) {
            throw LdapErrors.toScim(e);
        }
    }

    private static LDAPResult execute(LdapCall call) {
        try {
            return call.run();
        } catch (LDAPException e) {
            throw LdapErrors.toScim(e);
        }
    }

    @FunctionalInterface
    private interface LdapCall {
        LDAPResult run() throws LDAPException;
    }
}
