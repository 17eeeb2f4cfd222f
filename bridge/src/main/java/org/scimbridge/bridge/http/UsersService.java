package org.scimbridge.bridge.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

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
import org.scimbridge.bridge.ldap.LdapDirectory;
import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.entry.AttributeMapper;
import org.scimbridge.mapping.entry.Json;
import org.scimbridge.mapping.entry.ReferenceResolver;
import org.scimbridge.mapping.entry.RenderContext;
import org.scimbridge.mapping.filter.FilterParser;
import org.scimbridge.mapping.filter.LdapFilterTranslator;
import org.scimbridge.mapping.filter.ScimFilter;

/** {@code /scim/v2/Users}: create, read, list, replace and delete (RFC 7644 sections 3.3 to 3.6). */
public final class UsersService implements HttpService {

    private final LdapDirectory directory;
    private final AttributeMapper mapper;
    private final LdapFilterTranslator translator;
    private final ResourceLookup lookup;
    private final Limits limits;
    private final BaseUrl baseUrl;

    public UsersService(LdapDirectory directory, AttributeMapper mapper, Limits limits, BaseUrl baseUrl) {
        this.directory = directory;
        this.mapper = mapper;
        this.translator = new LdapFilterTranslator(mapper.mapping());
        this.lookup = new ResourceLookup(directory, mapper.mapping());
        this.limits = limits;
        this.baseUrl = baseUrl;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .post("/", this::create)
                .get("/{id}", this::get)
                .put("/{id}", this::replace)
                .delete("/{id}", this::delete)
                .patch("/{id}", (req, res) -> {
                    throw new ScimException(501, null, "PATCH is not supported yet; ServiceProviderConfig says patch.supported=false");
                })
                .any("/", UsersService::methodNotAllowed)
                .any("/{id}", UsersService::methodNotAllowed);
    }

    private void list(ServerRequest req, ServerResponse res) {
        AuditEvent event = ScimRequestFilter.event(req);
        event.resource("User", null);
        Optional<ScimFilter> filter = req.query().first("filter").asOptional().map(FilterParser::parse);
        int startIndex = Math.max(1, intParameter(req, "startIndex", 1)); // RFC 7644 3.4.2.4: < 1 is read as 1
        int count = Math.min(Math.max(0, intParameter(req, "count", limits.maxResults())), limits.maxResults());
        Filter ldapFilter = translator.translateScoped(filter.orElse(null));
        List<SearchResultEntry> entries = new ArrayList<>(directory.search(mapper.mapping().base(), mapper.mapping().scope(),
                ldapFilter, limits.maxResults(), mapper.attributesToRead()));
        // A stable order across pages: the directory returns entries in no defined order.
        entries.sort(Comparator.comparing(e -> ResourceLookup.parsedDn(e).toNormalizedString()));
        List<SearchResultEntry> page = entries.subList(Math.min(entries.size(), startIndex - 1),
                Math.min(entries.size(), startIndex - 1 + count));
        RenderContext context = context(req, new ArrayList<>(page));
        ArrayNode resources = Json.NODES.arrayNode();
        page.forEach(entry -> resources.add(mapper.toScim(entry, context)));
        event.ldapResult("success");
        ScimJson.send(res, Status.OK_200, ScimJson.listResponse(entries.size(), startIndex, resources));
    }

    private void get(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        AuditEvent event = ScimRequestFilter.event(req);
        event.resource("User", id);
        SearchResultEntry entry = lookup.byId(id, mapper.attributesToRead()).orElseThrow(() -> notFound(id));
        event.dn(entry.getDN());
        event.ldapResult("success");
        respond(req, res, Status.OK_200, entry);
    }

    private void create(ServerRequest req, ServerResponse res) {
        AuditEvent event = ScimRequestFilter.event(req);
        event.resource("User", null);
        JsonNode body = ScimJson.readBody(req, limits.maxPayloadBytes());
        Entry entry = mapper.newEntry(body, resolver());
        event.dn(entry.getDN());
        event.changedAttributes(entry.getAttributes().stream().map(Attribute::getName).toList());
        requireUniqueName(entry, null);
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
        SearchResultEntry current = lookup.byId(id, mapper.attributesToRead()).orElseThrow(() -> notFound(id));
        event.dn(current.getDN());
        Entry target = mapper.targetEntry(body, current, resolver());
        List<Modification> modifications = mapper.diff(current, target);
        List<String> changed = new ArrayList<>(modifications.stream().map(Modification::getAttributeName).toList());
        DN dn = ResourceLookup.parsedDn(current);
        boolean renamed = !target.getDN().equals(current.getDN());
        if (renamed) {
            requireUniqueName(target, id);
            changed.addFirst(mapper.mapping().rdnAttribute());
        }
        event.changedAttributes(changed);
        Entry stored = current;
        DN originalDn = dn;
        if (renamed) {
            dn = directory.rename(dn, ResourceLookup.rdnOf(target));
            event.dn(dn.toString());
        }
        try {
            if (!modifications.isEmpty()) {
                stored = directory.modify(dn, modifications, mapper.attributesToRead());
            } else if (renamed) {
                stored = directory.read(dn, mapper.attributesToRead()).orElseThrow(() -> notFound(id));
            }
        } catch (ScimException e) {
            if (renamed) {
                // All or nothing: undo the rename so a refused modify leaves the entry as it was.
                directory.rename(dn, originalDn.getRDN());
            }
            throw e;
        }
        event.ldapResult(modifications.isEmpty() && !renamed ? "no-change" : "success");
        respond(req, res, Status.OK_200, stored);
    }

    private void delete(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        AuditEvent event = ScimRequestFilter.event(req);
        event.resource("User", id);
        SearchResultEntry entry = lookup.byId(id, "1.1").orElseThrow(() -> notFound(id));
        event.dn(entry.getDN());
        directory.delete(ResourceLookup.parsedDn(entry));
        event.ldapResult("success");
        res.status(Status.NO_CONTENT_204).send();
    }

    /** userName is unique (RFC 7643 section 4.1.1, uniqueness "server"): checked before the write, not after. */
    private void requireUniqueName(Entry entry, String ownId) {
        String name = ResourceLookup.rdnOf(entry).getAttributeValues()[0];
        lookup.byName(name).filter(existing -> ownId == null || !ownId.equals(mapper.id(existing))).ifPresent(existing -> {
            throw ScimException.uniqueness("userName '" + name + "' is already taken");
        });
    }

    private void respond(ServerRequest req, ServerResponse res, Status status, Entry entry) {
        mapper.etag(entry).ifPresent(etag -> res.header(HeaderNames.ETAG, etag));
        ScimJson.send(res, status, mapper.toScim(entry, context(req, List.of(entry))));
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

    private static int intParameter(ServerRequest req, String name, int defaultValue) {
        Optional<String> text = req.query().first(name).asOptional();
        if (text.isEmpty() || text.get().isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(text.get().strip());
        } catch (NumberFormatException e) {
            throw ScimException.invalidValue("'" + name + "' must be an integer");
        }
    }

    private static void methodNotAllowed(ServerRequest req, ServerResponse res) {
        throw new ScimException(405, null, req.prologue().method().text() + " is not allowed on " + req.path().path());
    }
}
