package org.scimbridge.bridge.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.Modification;
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
import org.scimbridge.bridge.ldap.LdapDirectory;
import org.scimbridge.mapping.ScimException;
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
import org.scimbridge.mapping.query.ListRequest;
import org.scimbridge.mapping.query.Projection;
import org.scimbridge.mapping.query.SortSpec;
import org.scimbridge.mapping.schema.CoreSchemas;

/** {@code /scim/v2/Users}: create, read, list, replace and delete (RFC 7644 sections 3.3 to 3.6). */
public final class UsersService implements HttpService {

    private final LdapDirectory directory;
    private final AttributeMapper mapper;
    private final LdapFilterTranslator translator;
    private final ResourceLookup lookup;
    private final ResourceLister lister;
    private final EntryLocks locks = new EntryLocks();
    private final Limits limits;
    private final BaseUrl baseUrl;

    public UsersService(LdapDirectory directory, AttributeMapper mapper, Limits limits, Paging paging, BaseUrl baseUrl) {
        this.directory = directory;
        this.mapper = mapper;
        this.translator = new LdapFilterTranslator(mapper.mapping(), directory.features()::canOrder);
        this.lookup = new ResourceLookup(directory, mapper.mapping());
        this.lister = new ResourceLister(directory, mapper.mapping(), paging);
        this.limits = limits;
        this.baseUrl = baseUrl;
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
                .any("/", UsersService::methodNotAllowed)
                .any("/{id}", UsersService::methodNotAllowed);
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
        event.resource("User", null);
        ScimFilter filter = query.filter().map(FilterParser::parse).orElse(null);
        SortSpec sort = SortSpec.of(query.sortBy().orElse(null), query.sortOrder().orElse(null), mapper.mapping());
        Projection projection = Projection.of(query.attributes().orElse(null), query.excludedAttributes().orElse(null),
                CoreSchemas.USER_URN);
        Filter ldapFilter = translator.translateScoped(filter, resolver());
        ResourceLister.Page page = ldapFilter.equals(LdapFilterTranslator.MATCH_NOTHING)
                ? new ResourceLister.Page(0, List.of())
                : lister.list(ldapFilter, filter != null, sort, query.startIndex(), query.count(), mapper.attributesToRead(projection));
        RenderContext context = context(req, page.entries());
        ArrayNode resources = Json.NODES.arrayNode();
        page.entries().forEach(entry -> resources.add(projection.apply(mapper.toScim(entry, context))));
        event.ldapResult("success");
        ScimJson.send(res, Status.OK_200, ScimJson.listResponse(page.totalResults(), query.startIndex(), resources));
    }

    private void get(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        AuditEvent event = ScimRequestFilter.event(req);
        event.resource("User", id);
        SearchResultEntry entry = lookup.byId(id, mapper.attributesToRead(projection(req))).orElseThrow(() -> notFound(id));
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
        AuditEvent event = ScimRequestFilter.event(req);
        event.resource("User", null);
        JsonNode body = ScimJson.readBody(req, limits.maxPayloadBytes());
        Entry entry = mapper.newEntry(body, resolver());
        event.dn(entry.getDN());
        event.changedAttributes(entry.getAttributes().stream().map(Attribute::getName).toList());
        requireUniqueName(entry.getAttributeValue(mapper.mapping().rdnAttribute()), null);
        Entry stored = directory.add(entry, mapper.attributesToRead());
        event.resource("User", mapper.id(stored));
        event.ldapResult("success");
        res.header(HeaderNames.LOCATION, baseUrl.of(req) + "/Users/" + mapper.id(stored));
        respond(req, res, Status.CREATED_201, stored);
    }

    private void replace(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        AuditEvent event = ScimRequestFilter.event(req);
        event.resource("User", id);
        JsonNode body = ScimJson.readBody(req, limits.maxPayloadBytes());
        Entry stored = conditionally(req, id, () -> {
            SearchResultEntry current = lookup.byId(id, mapper.attributesToRead()).orElseThrow(() -> notFound(id));
            event.dn(current.getDN());
            Optional<Filter> assertion = Preconditions.assertion(req, current, mapper.mapping().versionAttribute());
            Entry target = mapper.targetEntry(body, current, resolver());
            return write(id, current, target, mapper.diff(current, target), assertion, event);
        });
        respond(req, res, Status.OK_200, stored);
    }

    /**
     * PATCH (RFC 7644 section 3.5.2): the operations are applied to the resource as the directory has it, and ONE
     * modify carries exactly the values that changed (plus a modify-DN when userName changed); all operations or none.
     */
    private void patch(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        AuditEvent event = ScimRequestFilter.event(req);
        event.resource("User", id);
        // A malformed request fails before anything is read from the directory.
        List<PatchOperation> operations = PatchRequest.parse(ScimJson.readBody(req, limits.maxPayloadBytes()),
                CoreSchemas.USER, CoreSchemas.ENTERPRISE_USER);
        Entry stored = conditionally(req, id, () -> {
            SearchResultEntry current = lookup.byId(id, mapper.attributesToRead()).orElseThrow(() -> notFound(id));
            event.dn(current.getDN());
            Optional<Filter> assertion = Preconditions.assertion(req, current, mapper.mapping().versionAttribute());
            PatchResult patched = PatchApplier.apply(mapper.toScim(current, context(req, List.of(current))), operations,
                    CoreSchemas.USER, CoreSchemas.ENTERPRISE_USER);
            if (!patched.changed()) {
                event.ldapResult("no-change");
                return current;
            }
            Entry target = mapper.targetEntry(patched.resource(), current, resolver());
            return write(id, current, target, mapper.diff(current, target, patched.changedAttributes()), assertion, event);
        });
        respond(req, res, Status.OK_200, stored);
    }

    /** Runs a read-check-write; serialised per resource where the directory cannot assert the version itself. */
    private <T> T conditionally(ServerRequest req, String id, Supplier<T> readCheckWrite) {
        boolean conditional = req.headers().contains(HeaderNames.IF_MATCH);
        return conditional && !directory.features().assertion() ? locks.withLock(id, readCheckWrite) : readCheckWrite.get();
    }

    /**
     * Writes {@code target} over {@code current} with the fewest operations: nothing when nothing changed, a modify-DN
     * when the name changed, one modify with exactly {@code modifications}. With {@code If-Match} every operation
     * carries an assertion on the version it expects, so a concurrent writer makes this one fail whole (412).
     */
    private Entry write(String id, SearchResultEntry current, Entry target, List<Modification> modifications,
                        Optional<Filter> assertion, AuditEvent event) {
        List<String> changed = new ArrayList<>(modifications.stream().map(Modification::getAttributeName).toList());
        String rdnAttribute = mapper.mapping().rdnAttribute();
        String newName = target.getAttributeValue(rdnAttribute);
        if (!newName.equalsIgnoreCase(current.getAttributeValue(rdnAttribute))) {
            requireUniqueName(newName, id);
        }
        boolean renamed = !target.getDN().equals(current.getDN());
        if (renamed) {
            changed.addFirst(rdnAttribute);
        }
        event.changedAttributes(changed);
        if (modifications.isEmpty() && !renamed) {
            event.ldapResult("no-change");
            return current;
        }
        DN dn = ResourceLookup.parsedDn(current);
        Entry stored = null;
        if (renamed) {
            stored = directory.rename(dn, ResourceLookup.rdnOf(target), assertion, mapper.attributesToRead());
            event.dn(stored.getDN());
            // The rename gave the entry a new version: the modify asserts that one, so nobody slips in between.
            String version = stored.getAttributeValue(mapper.mapping().versionAttribute());
            assertion = assertion.isPresent() && version != null
                    ? Optional.of(Filter.createEqualityFilter(mapper.mapping().versionAttribute(), version)) : Optional.empty();
        }
        if (!modifications.isEmpty()) {
            DN writeDn = renamed ? ResourceLookup.parsedDn(stored) : dn;
            try {
                stored = directory.modify(writeDn, modifications, assertion, mapper.attributesToRead());
            } catch (ScimException e) {
                if (renamed) {
                    // All or nothing: undo the rename so a refused modify leaves the entry as it was.
                    directory.rename(writeDn, dn.getRDN());
                }
                // A concurrent change seen by the directory is, for an If-Match request, a version mismatch.
                throw e.status() == 409 && assertion.isPresent()
                        ? ScimException.preconditionFailed("the resource changed since the given version") : e;
            }
        }
        event.ldapResult("success");
        return stored;
    }

    private void delete(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        AuditEvent event = ScimRequestFilter.event(req);
        event.resource("User", id);
        conditionally(req, id, () -> {
            SearchResultEntry entry = lookup.byId(id, mapper.mapping().versionAttribute()).orElseThrow(() -> notFound(id));
            event.dn(entry.getDN());
            directory.delete(ResourceLookup.parsedDn(entry), Preconditions.assertion(req, entry, mapper.mapping().versionAttribute()));
            return entry;
        });
        event.ldapResult("success");
        res.status(Status.NO_CONTENT_204).send();
    }

    /** userName is unique (RFC 7643 section 4.1.1, uniqueness "server"): checked before the write, not after. */
    private void requireUniqueName(String name, String ownId) {
        lookup.byName(name).filter(existing -> ownId == null || !ownId.equals(mapper.id(existing))).ifPresent(existing -> {
            throw ScimException.uniqueness("userName '" + name + "' is already taken");
        });
    }

    /** RFC 7644 section 3.9: attributes/excludedAttributes shape single-resource responses too. */
    private void respond(ServerRequest req, ServerResponse res, Status status, Entry entry) {
        mapper.etag(entry).ifPresent(etag -> res.header(HeaderNames.ETAG, etag));
        ScimJson.send(res, status, projection(req).apply(mapper.toScim(entry, context(req, List.of(entry)))));
    }

    private static Projection projection(ServerRequest req) {
        return Projection.of(req.query().first("attributes").asOptional().orElse(null),
                req.query().first("excludedAttributes").asOptional().orElse(null), CoreSchemas.USER_URN);
    }

    private RenderContext context(ServerRequest req, List<? extends Entry> entries) {
        List<DN> references = new ArrayList<>();
        entries.forEach(e -> references.addAll(mapper.referencedUserDns(e)));
        return new RenderContext(baseUrl.of(req), references.isEmpty() ? java.util.Map.of() : lookup.idsOf(references));
    }

    private ReferenceResolver resolver() {
        return id -> lookup.byId(id, "1.1").map(ResourceLookup::parsedDn);
    }

    private static ScimException notFound(String id) {
        return ScimException.notFound("User " + id + " not found");
    }

    private static void methodNotAllowed(ServerRequest req, ServerResponse res) {
        throw new ScimException(405, null, req.prologue().method().text() + " is not allowed on " + req.path().path());
    }
}
