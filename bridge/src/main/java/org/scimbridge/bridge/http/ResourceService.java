package org.scimbridge.bridge.http;

import org.scimbridge.mapping.roles.GroupRef;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchResultEntry;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.scimbridge.bridge.audit.AuditEvent;
import org.scimbridge.bridge.config.BridgeConfig.Limits;
import org.scimbridge.bridge.config.BridgeConfig.Paging;
import org.scimbridge.bridge.guard.Safeguards;
import org.scimbridge.bridge.journal.Repair;
import org.scimbridge.bridge.journal.Repairs;
import org.scimbridge.bridge.journal.WriteSteps;
import org.scimbridge.bridge.ldap.LdapDirectory;
import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.config.Lifecycle;
import org.scimbridge.mapping.entry.AttributeMapper;
import org.scimbridge.mapping.entry.Json;
import org.scimbridge.mapping.entry.ReferenceResolver;
import org.scimbridge.mapping.entry.RenderContext;
import org.scimbridge.mapping.filter.FilterParser;
import org.scimbridge.mapping.filter.LdapFilterTranslator;
import org.scimbridge.mapping.filter.ScimFilter;
import org.scimbridge.mapping.patch.PatchApplier;
import org.scimbridge.mapping.patch.PatchOperation;
import org.scimbridge.mapping.patch.PatchRequest;
import org.scimbridge.mapping.patch.PatchResult;
import org.scimbridge.mapping.patch.UnreadPatch;
import org.scimbridge.mapping.query.ListRequest;
import org.scimbridge.mapping.query.Projection;
import org.scimbridge.mapping.query.SortSpec;
import org.scimbridge.mapping.schema.CoreSchemas;
import org.scimbridge.mapping.schema.ScimSchema;

/**
 * One SCIM resource endpoint, {@code /Users} or {@code /Groups}: create, read, list, search, replace, patch and delete
 * (RFC 7644 sections 3.3 to 3.6). Group membership goes through {@link GroupMembers}, which writes member values one
 * by one and never rewrites a member list.
 */
public final class ResourceService implements HttpService {

    private final String type;
    private final ScimSchema core;
    private final ScimSchema extension;
    private final Optional<GroupMembers> members;
    private final LdapDirectory directory;
    private final AttributeMapper mapper;
    private final LdapFilterTranslator translator;
    private final ResourceLookup lookup;
    private final ResourceLister lister;
    private final EntryLocks locks = new EntryLocks();
    /** Its own locks, apart from {@link #locks}: a rename holds an id lock, then a name lock, always in that order. */
    private final UniqueNames names;
    private final Passwords passwords;
    private final Limits limits;
    private final BaseUrl baseUrl;
    /**
     * The DNs this endpoint last answered for ids, for the writes that go to them unread ({@link KnownGroupPatch},
     * {@link KnownUserPatch}). IdPs update users and groups they looked up or created before; users are many, and
     * 100,000 of their ids take about 20 MB.
     */
    private final KnownDns known;
    private final Optional<KnownGroupPatch> knownGroups;
    private final Optional<KnownUserPatch> knownUsers;
    /** What reads and writes of one resource read back: the mapped attributes, and a user's memberOf when mapped. */
    private final String[] readBack;
    private final WriteChecks checks;
    private final Repairs repairs;

    /**
     * @param members for Groups, how members are read and written; for Users, the groups to clean up when a user is
     *                deleted and to show in its read-only {@code groups}; empty when the mapping has no groups
     * @param secure  whether the directory connection is encrypted (LDAPS or StartTLS): AD takes passwords only then
     */
    public ResourceService(LdapDirectory directory, AttributeMapper mapper, Optional<GroupMembers> members, Limits limits,
                           Paging paging, BaseUrl baseUrl, boolean secure) {
        this(directory, mapper, members, limits, paging, baseUrl, secure, Safeguards.none(), Repairs.disabled());
    }

    /**
     * @param safeguards blast-radius guards and protected entries, consulted before every write
     * @param repairs    the journal of writes that take several LDAP operations (README "Interrupted writes")
     */
    public ResourceService(LdapDirectory directory, AttributeMapper mapper, Optional<GroupMembers> members, Limits limits,
                           Paging paging, BaseUrl baseUrl, boolean secure, Safeguards safeguards, Repairs repairs) {
        this.repairs = repairs;
        this.type = mapper.mapping().resourceType();
        this.core = type.equals("User") ? CoreSchemas.USER : CoreSchemas.GROUP;
        this.extension = type.equals("User") ? CoreSchemas.ENTERPRISE_USER : null;
        this.members = members;
        this.directory = directory;
        this.passwords = new Passwords(directory, mapper.mapping().lifecycle().password(), secure);
        this.mapper = mapper;
        this.translator = new LdapFilterTranslator(mapper.mapping(), directory.features()::canOrder);
        this.lookup = new ResourceLookup(directory, mapper.mapping());
        this.names = new UniqueNames(lookup, mapper::id, type.equals("User") ? "userName" : "displayName");
        this.lister = new ResourceLister(directory, mapper.mapping(), paging);
        this.limits = limits;
        this.baseUrl = baseUrl;
        this.checks = new WriteChecks(safeguards, mapper, groupMembers());
        this.known = new KnownDns(type.equals("User") ? 100_000 : 10_000);
        this.knownGroups = groupMembers().map(m -> new KnownGroupPatch(directory, m, mapper.mapping(), checks, repairs, known));
        this.readBack = withMemberOf(mapper.attributesToRead());
        // Role grants are values on the user: an attribute they write is read before it is written.
        Set<String> granted = members.map(m -> m.roles().grantedAttributes()).orElse(Set.of());
        this.knownUsers = type.equals("User") ? Optional.of(new KnownUserPatch(directory, mapper.mapping(),
                new UnreadPatch(mapper, core, extension, granted), checks, readBack, known)) : Optional.empty();
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .post("/", this::create)
                .post("/.search", this::searchWithBody)
                .get("/{id}", this::get)
                .put("/{id}", this::replace)
                .delete("/{id}", this::delete)
                .patch("/{id}", this::patch)
                .any("/", ResourceService::methodNotAllowed)
                .any("/{id}", ResourceService::methodNotAllowed);
    }

    private void list(ServerRequest req, ServerResponse res) {
        search(req, res, ListRequest.fromQuery(name -> req.query().first(name).asOptional(), limits.maxResults()));
    }

    /** {@code POST /Users/.search} (RFC 7644 section 3.4.3): the same query in a body, kept out of URLs and logs. */
    public void searchWithBody(ServerRequest req, ServerResponse res) {
        search(req, res, ListRequest.fromSearchBody(ScimJson.readBody(req, limits.maxPayloadBytes()), limits.maxResults()));
    }

    private void search(ServerRequest req, ServerResponse res, ListRequest query) {
        AuditEvent event = ScimRequestFilter.event(req);
        event.resource(type, null);
        ScimFilter filter = query.filter().map(FilterParser::parse).orElse(null);
        SortSpec sort = SortSpec.of(query.sortBy().orElse(null), query.sortOrder().orElse(null), mapper.mapping());
        Projection projection = Projection.of(query.attributes().orElse(null), query.excludedAttributes().orElse(null), core.id());
        Filter ldapFilter = translator.translateScoped(filter, resolver());
        ResourceLister.Page page = ldapFilter.equals(LdapFilterTranslator.MATCH_NOTHING)
                ? new ResourceLister.Page(0, List.of())
                : lister.list(ldapFilter, filter != null, sort, query.startIndex(), query.count(), attributesToRead(projection));
        if (filter != null && page.entries().size() == 1) {
            // Every IdP looks a user up by userName before it updates it (Entra ID's matching): the PATCH may go unread.
            remember(page.entries().getFirst());
        }
        ArrayNode resources = Json.NODES.arrayNode();
        render(req, page.entries(), projection, false).forEach(resources::add);
        event.ldapResult("success");
        ScimJson.send(res, Status.OK_200, ScimJson.listResponse(page.totalResults(), query.startIndex(), resources));
    }

    private void get(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        AuditEvent event = ScimRequestFilter.event(req);
        event.resource(type, id);
        SearchResultEntry entry = lookup.byId(id, attributesToReadOne(projection(req))).orElseThrow(() -> notFound(id));
        event.dn(entry.getDN());
        event.ldapResult("success");
        if (Preconditions.notModified(req, entry, mapper.mapping().versionAttribute())) {
            // RFC 7232 section 4.1: 304 carries the ETag and no body.
            mapper.etag(entry).ifPresent(etag -> res.header(HeaderNames.ETAG, etag));
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        respond(req, res, Status.OK_200, entry);
    }

    private void create(ServerRequest req, ServerResponse res) {
        ScimRequestFilter.event(req).resource(type, null);
        JsonNode body = ScimJson.readBody(req, limits.maxPayloadBytes());
        Entry stored = create(body, WriteContext.of(req, baseUrl));
        res.header(HeaderNames.LOCATION, location(baseUrl.of(req), stored));
        // A user created a moment ago is in none of the IdP's groups yet (they are changed through /Groups, RFC 7643
        // section 4.1.2), so its groups are not searched for: that search would cost the directory a fifth of the add.
        respond(req, res, Status.CREATED_201, stored, false);
    }

    /** POST (RFC 7644 section 3.3) of a parsed body: the stored entry. */
    Entry create(JsonNode body, WriteContext call) {
        AuditEvent event = call.event();
        Entry entry = mapper.newEntry(body, resolver());
        event.dn(entry.getDN());
        checks.beforeCreate(entry, event);
        return names.claim(entry.getAttributeValue(lookup.nameAttribute()), null, () -> add(body, entry, event));
    }

    private Entry add(JsonNode body, Entry entry, AuditEvent event) {
        // Members are resolved (unknown ids are a 400) before anything is written.
        List<Modification> remainingMembers = groupMembers().map(m -> m.addToNewEntry(entry, body)).orElse(List.of());
        Optional<String> password = mapper.password(body);
        password.ifPresent(p -> passwords.addToEntry(entry, p));
        event.changedAttributes(entry.getAttributes().stream().map(Attribute::getName).toList());
        Entry stored = directory.add(entry, readBack);
        DN dn = ResourceLookup.parsedDn(stored);
        // All or nothing: should the password or a later member chunk fail, the created entry goes (the journal keeps
        // that undo until it is done, should the directory be gone by then); what follows the last write, roles, is
        // finished rather than undone.
        WriteSteps steps = repairs.steps();
        try {
            if (password.isPresent() && !passwords.writtenWithEntry()) {
                steps.record(new Repair.DeleteCreated(type, mapper.id(stored), dn));
                directory.passwordModify(dn, password.get());
            }
            if (!remainingMembers.isEmpty()) {
                steps.record(new Repair.DeleteCreated(type, mapper.id(stored), dn));
                groupMembers().orElseThrow().writeInChunks(dn, remainingMembers, Optional.empty());
            }
            groupMembers().filter(m -> m.roles().affects(m.roles().refOf(entry))).ifPresent(m -> {
                List<String> added = new ArrayList<>(m.valuesIn(remainingMembers));
                String[] first = entry.getAttributeValues(memberAttribute());
                added.addAll(m.valuesIn(List.of(new Modification(ModificationType.ADD, memberAttribute(),
                        first == null ? new String[0] : first))));
                steps.record(new Repair.RecomputeRoles(added));
                m.roles().recompute(added);
            });
        } catch (RuntimeException e) {
            throw steps.failed(e);
        }
        steps.done();
        event.resource(type, mapper.id(stored));
        event.ldapResult("success");
        return stored;
    }

    private void replace(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        ScimRequestFilter.event(req).resource(type, id);
        JsonNode body = ScimJson.readBody(req, limits.maxPayloadBytes());
        respond(req, res, Status.OK_200, replace(id, body, WriteContext.of(req, baseUrl)));
    }

    /** PUT (RFC 7644 section 3.5.1) of a parsed body: the stored entry. */
    Entry replace(String id, JsonNode body, WriteContext call) {
        AuditEvent event = call.event();
        AtomicBoolean passwordSent = new AtomicBoolean();
        return againIfChangedMeanwhile(call, passwordSent::get, () -> serialisedWhereNeeded(id, () -> {
            SearchResultEntry current = lookup.byId(id, readBack).orElseThrow(() -> notFound(id));
            event.dn(current.getDN());
            Optional<Filter> assertion = Preconditions.assertion(call.ifMatch(), current, mapper.mapping().versionAttribute());
            Entry target = mapper.targetEntry(body, current, resolver());
            List<Modification> modifications = new ArrayList<>(mapper.diff(current, target));
            mapper.password(body).ifPresent(p -> {
                passwordSent.set(true);
                passwords.change(ResourceLookup.parsedDn(current), p, modifications);
            });
            // PUT members: the difference against the current members, as value adds/deletes (never a full replace).
            groupMembers().ifPresent(m -> modifications.addAll(m.differenceForPut(current, body)));
            return write(id, current, target, modifications, assertion, event);
        }));
    }

    /**
     * PATCH (RFC 7644 section 3.5.2): the operations are applied to the resource as the directory has it, and ONE
     * modify carries exactly the values that changed (plus a modify-DN when userName changed); all operations or none.
     */
    private void patch(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        ScimRequestFilter.event(req).resource(type, id);
        JsonNode body = ScimJson.readBody(req, limits.maxPayloadBytes());
        respond(req, res, Status.OK_200, patch(id, body, WriteContext.of(req, baseUrl)));
    }

    /** PATCH of a parsed PatchOp body: the stored entry. */
    Entry patch(String id, JsonNode body, WriteContext call) {
        AuditEvent event = call.event();
        // A malformed request fails before anything is read from the directory.
        List<PatchOperation> operations = PatchRequest.parse(ScimJson.withOperationsAtMost(body, limits.maxPatchOperations()),
                core, extension);
        // Member operations become value-level adds/deletes without reading the member list (GroupMembers).
        MemberChanges memberChanges = groupMembers().map(m -> m.fromPatch(operations)).orElse(MemberChanges.NONE);
        List<PatchOperation> others = memberChanges.otherOperations(operations);
        if (others.isEmpty() && knownGroups.isPresent() && !call.conditional()) {
            Optional<Entry> written = knownGroups.get().write(id, memberChanges.modifications(), event);
            if (written.isPresent()) {
                return written.get();
            }
        }
        if (knownUsers.isPresent() && !call.conditional()) {
            Optional<Entry> written = knownUsers.get().write(id, operations, event);
            if (written.isPresent()) {
                return written.get();
            }
        }
        AtomicBoolean passwordSent = new AtomicBoolean();
        return againIfChangedMeanwhile(call, passwordSent::get, () -> serialisedWhereNeeded(id, () -> {
            SearchResultEntry current = lookup.byId(id, readBack).orElseThrow(() -> notFound(id));
            event.dn(current.getDN());
            Optional<Filter> assertion = Preconditions.assertion(call.ifMatch(), current, mapper.mapping().versionAttribute());
            List<Modification> modifications = new ArrayList<>();
            Entry target = current;
            if (!others.isEmpty()) {
                ObjectNode resource = mapper.toScim(current, context(call.baseUrl(), List.of(current)));
                PatchResult patched = PatchApplier.apply(resource, others, core, extension);
                if (patched.changed()) {
                    target = mapper.targetEntry(patched.resource(), current, resolver());
                    modifications.addAll(mapper.diff(current, target, patched.changedAttributes()));
                    mapper.password(patched.resource()).ifPresent(p -> {
                        passwordSent.set(true);
                        passwords.change(ResourceLookup.parsedDn(current), p, modifications);
                    });
                }
            }
            modifications.addAll(memberChanges.modifications());
            return write(id, current, target, modifications, assertion, event);
        }));
    }

    /**
     * A write without {@code If-Match} whose value-level changes met a concurrent writer (a value it deletes is gone, one
     * it adds is there: LDAP 16 or 20) is computed again from the entry as it is now, up to ten times, after a short random
     * pause that grows with each attempt, so writers that collided do not collide again in step. Without a
     * version to hold on to, the client asked for its change on top of whatever the resource is (RFC 7644 section 3.5),
     * not for a 409: bench/directory's concurrent PATCHes of one attribute got 409s before.
     */
    private <T> T againIfChangedMeanwhile(WriteContext call, BooleanSupplier passwordSent, Supplier<T> attempt) {
        for (int attempts = 1; ; attempts++) {
            try {
                return attempt.get();
            } catch (ScimException e) {
                boolean changedMeanwhile = e.getCause() instanceof LDAPException cause
                        && (cause.getResultCode() == ResultCode.NO_SUCH_ATTRIBUTE
                        || cause.getResultCode() == ResultCode.ATTRIBUTE_OR_VALUE_EXISTS);
                // A request with a password is not repeated: the Password Modify operation may have taken it already,
                // and a password policy with a history would refuse it the second time.
                if (call.conditional() || !changedMeanwhile || passwordSent.getAsBoolean() || attempts == 10) {
                    throw e;
                }
                try {
                    Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextInt(1, 1 + 2 * attempts));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * Runs a read-check-write; serialised per resource where the directory has no assertion control (ApacheDS). There an
     * {@code If-Match} check and its write cannot be made atomic by the directory, and ApacheDS 2.0.0.AM27 also answered
     * one of eight concurrent modifies of one entry with {@code other (80)} (ConcurrencyScenarios, a CI run on
     * 2026-11-30), so every write to one resource waits for the one before it, conditional or not.
     */
    private <T> T serialisedWhereNeeded(String id, Supplier<T> readCheckWrite) {
        return directory.features().assertion() ? readCheckWrite.get() : locks.withLock(id, readCheckWrite);
    }

    /**
     * Writes {@code target} over {@code current} with the fewest operations: nothing when nothing changed, a modify-DN
     * when the name changed, one modify with exactly {@code modifications}. With {@code If-Match} every operation
     * carries an assertion on the version it expects, so a concurrent writer makes this one fail whole (412).
     */
    private Entry write(String id, SearchResultEntry current, Entry target, List<Modification> diff,
                        Optional<Filter> assertion, AuditEvent event) {
        List<Modification> modifications = WholeValueChanges.forDirectory(diff, target, directory.features());
        String newName = target.getAttributeValue(lookup.nameAttribute());
        if (newName == null || newName.equalsIgnoreCase(current.getAttributeValue(lookup.nameAttribute()))) {
            return writeKeepingName(id, current, target, modifications, assertion, event);
        }
        return names.claim(newName, id, () -> writeKeepingName(id, current, target, modifications, assertion, event));
    }

    private Entry writeKeepingName(String id, SearchResultEntry current, Entry target, List<Modification> modifications,
                                   Optional<Filter> assertion, AuditEvent event) {
        List<String> changed = new ArrayList<>(modifications.stream().map(Modification::getAttributeName).toList());
        String rdnAttribute = mapper.mapping().rdnAttribute();
        boolean renamed = !target.getDN().equals(current.getDN());
        if (renamed) {
            changed.addFirst(rdnAttribute);
        }
        event.changedAttributes(changed);
        if (modifications.isEmpty() && !renamed) {
            event.ldapResult("no-change");
            return current;
        }
        checks.beforeWrite(current, target, modifications, event);
        DN dn = ResourceLookup.parsedDn(current);
        // Role rules: users whose grants this change can alter. Adds and deletes name them; a rename, a full replace or
        // a new externalId concerns every member, read before and after the write.
        List<String> affected = new ArrayList<>();
        Optional<RoleApplier> roles = groupMembers().map(GroupMembers::roles)
                .filter(r -> r.affects(r.refOf(current)) || r.affects(r.refOf(target)));
        boolean everyMember = roles.isPresent() && (renamed || groupMembers().get().replacesMembers(modifications)
                || !sameMatchingKeys(roles.get().refOf(current), roles.get().refOf(target)));
        if (everyMember) {
            affected.addAll(groupMembers().get().membersOf(dn));
        }
        WriteSteps steps = repairs.steps();
        Entry stored;
        try {
            stored = write(id, dn, target, modifications, renamed, assertion, event, steps);
            // Users' groups show this group's name and externalId from the cache: not any more what it was.
            groupMembers().ifPresent(m -> m.groupChanged(dn));
            if (type.equals("User") && mapper.mapping().lifecycle().removeMemberships()
                    && mapper.active(current).orElse(true) && !mapper.active(stored).orElse(true)) {
                // deactivation.removeMemberships: not restored later
                removeMemberships(steps, id, ResourceLookup.parsedDn(stored), current, false);
            }
            if (roles.isPresent()) {
                affected.addAll(everyMember ? groupMembers().get().membersOf(ResourceLookup.parsedDn(stored))
                        : groupMembers().get().valuesIn(modifications));
                steps.record(new Repair.RecomputeRoles(affected));
                roles.get().recompute(affected);
            }
        } catch (RuntimeException e) {
            throw steps.failed(e);
        }
        steps.done();
        return stored;
    }

    private static boolean sameMatchingKeys(GroupRef a, GroupRef b) {
        return a.displayName().equals(b.displayName()) && a.externalId().equals(b.externalId());
    }

    /** A user's values go from every group, the journal keeping that until done (it is never undone). */
    private void removeMemberships(WriteSteps steps, String id, DN userNow, Entry user, boolean deleted) {
        members.ifPresent(m -> {
            String value = m.memberValueOf(user);
            m.removeValueEverywhere(value, () -> steps.record(new Repair.RemoveMemberships(id, userNow, value, deleted)));
        });
    }

    private Entry write(String id, DN dn, Entry target, List<Modification> modifications, boolean renamed,
                        Optional<Filter> assertion, AuditEvent event, WriteSteps steps) {
        Entry stored = null;
        if (renamed) {
            stored = directory.rename(dn, ResourceLookup.parsedDn(target), assertion, readBack);
            if (!modifications.isEmpty()) {
                steps.record(new Repair.RenameBack(type, id, ResourceLookup.parsedDn(stored), dn));
            }
            event.dn(stored.getDN());
            // The rename gave the entry a new version: the modify asserts that one, so nobody slips in between.
            String version = stored.getAttributeValue(mapper.mapping().versionAttribute());
            assertion = assertion.isPresent() && version != null
                    ? Optional.of(Filter.createEqualityFilter(mapper.mapping().versionAttribute(), version)) : Optional.empty();
        }
        if (!modifications.isEmpty()) {
            DN writeDn = renamed ? ResourceLookup.parsedDn(stored) : dn;
            try {
                // Member chunks after the first are finished, not undone: RFC 7644 section 3.5.2 makes a PATCH all or
                // nothing, but an undo of a permissive value add would also delete a member that was there before
                // (the add changed nothing for it, and nobody read the list to know), and a retried PATCH is idempotent
                // anyway. So once the first chunk is in, the rest is rolled forward, from the journal if need be.
                stored = groupMembers().isPresent()
                        ? groupMembers().get().writeInChunks(writeDn, modifications, assertion, remaining ->
                                steps.record(new Repair.FinishMembers(id, writeDn, groupMembers().get().asChanges(remaining))))
                        : directory.modify(writeDn, modifications, assertion, readBack);
            } catch (ScimException e) {
                // All or nothing: a rename is undone (the journal's RenameBack) so a refused modify leaves the entry as
                // it was.
                RuntimeException reported = steps.failed(e);
                // A concurrent change seen by the directory is, for an If-Match request, a version mismatch.
                throw reported == e && e.status() == 409 && assertion.isPresent()
                        ? ScimException.preconditionFailed("the resource changed since the given version") : reported;
            }
        }
        event.ldapResult("success");
        return stored;
    }

    private void delete(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        ScimRequestFilter.event(req).resource(type, id);
        delete(id, WriteContext.of(req, baseUrl));
        res.status(Status.NO_CONTENT_204).send();
    }

    /** DELETE (RFC 7644 section 3.6), hard or soft as the lifecycle says. */
    void delete(String id, WriteContext call) {
        AuditEvent event = call.event();
        serialisedWhereNeeded(id, () -> {
            SearchResultEntry entry = lookup.byId(id, readBack).orElseThrow(() -> notFound(id));
            event.dn(entry.getDN());
            checks.beforeDelete(entry, event);
            known.forget(id);
            groupMembers().ifPresent(m -> m.groupChanged(ResourceLookup.parsedDn(entry)));
            List<String> formerMembers = groupMembers().filter(m -> m.roles().affects(m.roles().refOf(entry)))
                    .map(m -> m.membersOf(ResourceLookup.parsedDn(entry))).orElse(List.of());
            Optional<Filter> assertion = Preconditions.assertion(call.ifMatch(), entry, mapper.mapping().versionAttribute());
            if (mapper.mapping().lifecycle().delete() instanceof Lifecycle.Delete.Soft soft) {
                softDelete(id, entry, soft, assertion, event);
                return entry;
            }
            directory.delete(ResourceLookup.parsedDn(entry), assertion);
            WriteSteps steps = repairs.steps();
            try {
                groupMembers().filter(m -> !formerMembers.isEmpty()).ifPresent(m -> {
                    steps.record(new Repair.RecomputeRoles(formerMembers));
                    m.roles().recompute(formerMembers);
                });
                if (type.equals("User")) {
                    // Group values naming the deleted user go too (unless the directory's referential integrity did it).
                    removeMemberships(steps, id, ResourceLookup.parsedDn(entry), entry, true);
                }
            } catch (RuntimeException e) {
                throw steps.failed(e);
            }
            steps.done();
            return entry;
        });
        event.ldapResult("success");
    }

    /** A soft delete (lifecycle.delete mode soft): deactivate, tag and/or move; SCIM sees 404 from then on. */
    private void softDelete(String id, SearchResultEntry entry, Lifecycle.Delete.Soft soft, Optional<Filter> assertion,
                            AuditEvent event) {
        Entry target = entry.duplicate();
        mapper.setActive(target, false, entry);
        soft.tagAttribute().ifPresent(attribute -> target.addAttribute(attribute, soft.tagValue().orElseThrow()));
        soft.moveTo().ifPresent(parent -> target.setDN(new DN(ResourceLookup.rdnOf(target), parent)));
        List<Modification> modifications = new ArrayList<>(mapper.diff(entry, target));
        soft.tagAttribute().ifPresent(attribute -> modifications.add(new Modification(ModificationType.ADD, attribute,
                soft.tagValue().orElseThrow())));
        WriteSteps steps = repairs.steps();
        try {
            Entry stored = write(id, ResourceLookup.parsedDn(entry), target, modifications,
                    !target.getDN().equals(entry.getDN()), assertion, event, steps);
            if (mapper.mapping().lifecycle().removeMemberships()) {
                removeMemberships(steps, id, ResourceLookup.parsedDn(stored), entry, false);
            }
        } catch (RuntimeException e) {
            throw steps.failed(e);
        }
        steps.done();
    }

    /** RFC 7644 section 3.9: attributes/excludedAttributes shape single-resource responses too. */
    private void respond(ServerRequest req, ServerResponse res, Status status, Entry entry) {
        respond(req, res, status, entry, true);
    }

    private void respond(ServerRequest req, ServerResponse res, Status status, Entry entry, boolean withGroups) {
        remember(entry);
        mapper.etag(entry).ifPresent(etag -> res.header(HeaderNames.ETAG, etag));
        Projection projection = projection(req);
        Entry shown = entry;
        if (groupMembers().isPresent() && projection.includes(core.id(), "members", null) && !entry.hasAttribute(memberAttribute())) {
            // Writes read back the entry without its member list; a response that shows members reads them now.
            shown = lookup.byId(mapper.id(entry), attributesToReadOne(projection)).map(e -> (Entry) e).orElse(entry);
        }
        ScimJson.send(res, status, render(req, List.of(shown), projection, withGroups).getFirst());
    }

    /** The DN this resource's id names now, for the writes that go to it unread. */
    private void remember(Entry entry) {
        known.remember(mapper.id(entry), entry.getDN());
    }

    private Projection projection(ServerRequest req) {
        return Projection.of(req.query().first("attributes").asOptional().orElse(null),
                req.query().first("excludedAttributes").asOptional().orElse(null), core.id());
    }

    /** LDAP attributes for a single resource shaped by {@code projection}: a user's memberOf when its groups are shown. */
    private String[] attributesToReadOne(Projection projection) {
        String[] attributes = attributesToRead(projection);
        return projection.includes(core.id(), "groups", null) || projection.includes(core.id(), "roles", null)
                ? withMemberOf(attributes) : attributes;
    }

    /**
     * {@code attributes} and, for users whose groups the directory keeps in memberOf, that attribute: a user's groups are
     * then read with the user (GroupMembers#renderGroupsOf), no search on the groups.
     */
    private String[] withMemberOf(String[] attributes) {
        Optional<String> memberOf = type.equals("User") ? members.flatMap(GroupMembers::memberOfAttribute) : Optional.empty();
        if (memberOf.isEmpty()) {
            return attributes;
        }
        String[] all = Arrays.copyOf(attributes, attributes.length + 1);
        all[attributes.length] = memberOf.get();
        return all;
    }

    /** LDAP attributes for a response shaped by {@code projection}; the member list only when members are shown. */
    private String[] attributesToRead(Projection projection) {
        String[] mapped = mapper.attributesToRead(projection);
        if (groupMembers().isEmpty() || !projection.includes(core.id(), "members", null)) {
            return mapped;
        }
        String[] all = Arrays.copyOf(mapped, mapped.length + 1);
        all[mapped.length] = memberAttribute();
        return all;
    }

    /**
     * Entries to SCIM resources, references resolved for the whole page at once: managers, group members, and for a
     * single user its groups (one search; lists leave them out rather than search once per user).
     */
    private List<ObjectNode> render(ServerRequest req, List<? extends Entry> entries, Projection projection, boolean single) {
        RenderContext context = context(baseUrl.of(req), entries);
        List<ObjectNode> resources = new ArrayList<>();
        Map<String, MemberIds.Member> resolved = groupMembers().map(m -> m.resolveMembers(entries)).orElse(Map.of());
        for (Entry entry : entries) {
            ObjectNode resource = mapper.toScim(entry, context);
            if (groupMembers().isPresent()) {
                groupMembers().get().render(resource, entry, resolved, context.baseUrl());
            } else if (single && type.equals("User") && members.isPresent()
                    && (projection.includes(core.id(), "groups", null) || projection.includes(core.id(), "roles", null))) {
                members.get().renderGroupsOf(resource, entry, context.baseUrl());
            }
            resources.add(projection.apply(resource));
        }
        return resources;
    }

    /** The membership helper when this endpoint serves Groups. */
    private Optional<GroupMembers> groupMembers() {
        return type.equals("Group") ? members : Optional.empty();
    }

    private String memberAttribute() {
        return mapper.mapping().groupOptions().orElseThrow().memberAttribute();
    }

    private String endpoint() {
        return type.equals("User") ? "/Users/" : "/Groups/";
    }

    /** The SCIM resource type this endpoint serves: {@code User} or {@code Group}. */
    String type() {
        return type;
    }

    /** The URL of a stored resource, for {@code Location} and a bulk operation's {@code location}. */
    String location(String base, Entry stored) {
        return base + endpoint() + mapper.id(stored);
    }

    /** The SCIM id of a stored resource. */
    String id(Entry stored) {
        return mapper.id(stored);
    }

    /** The ETag of a stored resource (its {@code meta.version}), if the mapping has a version attribute. */
    Optional<String> etag(Entry stored) {
        return mapper.etag(stored);
    }

    private RenderContext context(String base, List<? extends Entry> entries) {
        List<DN> references = new ArrayList<>();
        entries.forEach(e -> references.addAll(mapper.referencedUserDns(e)));
        return new RenderContext(base, references.isEmpty() ? Map.of() : lookup.idsOf(references));
    }

    private ReferenceResolver resolver() {
        return members.isPresent() ? members.get().resolver() : id -> lookup.byId(id, "1.1").map(ResourceLookup::parsedDn);
    }

    private ScimException notFound(String id) {
        return ScimException.notFound(id + " not found");
    }

    private static void methodNotAllowed(ServerRequest req, ServerResponse res) {
        throw new ScimException(405, null, req.prologue().method().text() + " is not allowed on " + req.path().path());
    }
}
