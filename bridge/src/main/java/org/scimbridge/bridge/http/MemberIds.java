package org.scimbridge.bridge.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;

import org.scimbridge.bridge.ldap.LdapDirectory;
import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.config.ResourceMapping;
import org.scimbridge.mapping.config.ResourceMapping.GroupOptions;
import org.scimbridge.mapping.config.ResourceMapping.MemberValues;
import org.scimbridge.mapping.entry.Ids;
import org.scimbridge.mapping.entry.Json;
import org.scimbridge.mapping.filter.CompareOperator;
import org.scimbridge.mapping.filter.FilterValue;
import org.scimbridge.mapping.filter.LdapFilterTranslator;
import org.scimbridge.mapping.filter.ScimFilter;

/**
 * Between SCIM member ids and the values a group's member attribute holds (DNs, or uids for memberUid groups): ids to
 * values for writes, values to ids for responses, each in one search per batch of ids or values.
 */
final class MemberIds {

    private static final int IDS_PER_SEARCH = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A resolved member: its SCIM id, "User" or "Group", and a display name. */
    record Member(String id, String type, String display) {
    }

    private final LdapDirectory directory;
    private final ResourceMapping users;
    private final ResourceMapping groups;
    private final GroupOptions options;

    MemberIds(LdapDirectory directory, ResourceMapping users, ResourceMapping groups) {
        this.directory = directory;
        this.users = users;
        this.groups = groups;
        this.options = groups.groupOptions().orElseThrow();
    }

    /** Member values resolved to ids; values of entries outside the mapped users and groups are left out. */
    Map<String, Member> resolve(Collection<String> values) {
        Map<String, Member> resolved = new HashMap<>();
        List<String> list = new ArrayList<>(values);
        for (int from = 0; from < list.size(); from += IDS_PER_SEARCH) {
            List<String> batch = list.subList(from, Math.min(list.size(), from + IDS_PER_SEARCH));
            resolveBatch(batch, users, "User", resolved);
            if (options.values() == MemberValues.DN) {
                resolveBatch(batch, groups, "Group", resolved);
            }
        }
        return resolved;
    }

    private void resolveBatch(List<String> values, ResourceMapping mapping, String type, Map<String, Member> resolved) {
        List<Filter> names = new ArrayList<>();
        for (String value : values) {
            if (options.values() == MemberValues.NAME) {
                names.add(Filter.createEqualityFilter(users.rdnAttribute(), value));
                continue;
            }
            try {
                DN dn = new DN(value);
                if (dn.isDescendantOf(mapping.base(), false) && !resolved.containsKey(normalized(value))) {
                    var rdn = dn.getRDN();
                    names.add(Filter.createEqualityFilter(rdn.getAttributeNames()[0], rdn.getAttributeValues()[0]));
                }
            } catch (LDAPException e) {
                // not a DN: shown nowhere
            }
        }
        if (names.isEmpty()) {
            return;
        }
        String display = mapping.ldapAttributeFor("displayName").orElse(mapping.rdnAttribute());
        Filter filter = Filter.createANDFilter(new LdapFilterTranslator(mapping).objectClassFilter(),
                Filter.createORFilter(names));
        for (SearchResultEntry entry : directory.search(mapping.base(), mapping.scope(), filter, names.size() * 2 + 1,
                mapping.idAttribute(), display, mapping.rdnAttribute())) {
            String key = options.values() == MemberValues.NAME ? normalized(entry.getAttributeValue(users.rdnAttribute()))
                    : ResourceLookup.parsedDn(entry).toNormalizedString();
            String id = Ids.of(entry, mapping).orElse(null);
            if (id != null) {
                resolved.put(key, new Member(id, type, entry.getAttributeValue(display)));
            }
        }
    }

    /** Member values for these ids, in order; all unknown ids are named in one 400. */
    List<String> valuesFor(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, String> found = new HashMap<>();
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(ids));
        for (int from = 0; from < distinct.size(); from += IDS_PER_SEARCH) {
            List<String> batch = distinct.subList(from, Math.min(distinct.size(), from + IDS_PER_SEARCH));
            findByIds(batch, users, found);
            if (options.values() == MemberValues.DN) {
                findByIds(batch.stream().filter(id -> !found.containsKey(id)).toList(), groups, found);
            }
        }
        List<String> unknown = distinct.stream().filter(id -> !found.containsKey(id)).toList();
        if (!unknown.isEmpty()) {
            throw ScimException.invalidValue("unknown member id" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown.subList(0, Math.min(10, unknown.size()))) + (unknown.size() > 10 ? ", ..." : ""));
        }
        return distinct.stream().map(found::get).toList();
    }

    private void findByIds(List<String> ids, ResourceMapping mapping, Map<String, String> found) {
        List<Filter> wanted = ids.stream().map(id -> Ids.matching(mapping, id)).flatMap(Optional::stream).toList();
        if (wanted.isEmpty()) {
            return;
        }
        Filter filter = Filter.createANDFilter(new LdapFilterTranslator(mapping).objectClassFilter(),
                Filter.createORFilter(wanted));
        for (SearchResultEntry entry : directory.search(mapping.base(), mapping.scope(), filter, wanted.size() * 2 + 1,
                mapping.idAttribute(), users.rdnAttribute())) {
            String id = Ids.of(entry, mapping).orElse(null);
            if (id != null) {
                found.put(id, valueFor(ResourceLookup.parsedDn(entry), entry.getAttributeValue(users.rdnAttribute())));
            }
        }
    }

    String valueFor(DN dn, String name) {
        return options.values() == MemberValues.NAME ? name : dn.toString();
    }

    /** Ids from a members value: an array of {"value": id} objects (or of ids), or one such object. */
    static List<String> idsIn(JsonNode value, String where) {
        List<String> ids = new ArrayList<>();
        if (value == null || value.isNull()) {
            return ids;
        }
        List<JsonNode> items = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(items::add);
        } else {
            items.add(value);
        }
        for (JsonNode item : items) {
            JsonNode member = item;
            if (item.isTextual() && item.asText().strip().startsWith("{")) {
                try {
                    member = JSON.readTree(item.asText()); // complex values sent as JSON strings (SCIM-SDK#516)
                } catch (IOException e) {
                    throw ScimException.invalidValue("a member of " + where + " is not valid JSON");
                }
            }
            Optional<JsonNode> id = member.isObject() ? Json.field(member, "value") : Optional.of(member);
            if (id.isEmpty() || !id.get().isTextual() || id.get().asText().isBlank()) {
                throw ScimException.invalidValue("each member of " + where + " needs a \"value\" with the member's id");
            }
            ids.add(id.get().asText());
        }
        return ids;
    }

    /** Ids named by a members filter: {@code value eq "id"}, or several joined by {@code or}. */
    static List<String> idsInFilter(ScimFilter filter) {
        return switch (filter) {
            case ScimFilter.Or or -> {
                List<String> ids = new ArrayList<>(idsInFilter(or.left()));
                ids.addAll(idsInFilter(or.right()));
                yield ids;
            }
            case ScimFilter.Compare c when c.op() == CompareOperator.EQ && c.path().name().equalsIgnoreCase("value")
                    && c.value() instanceof FilterValue.StringValue s -> List.of(s.value());
            default -> throw ScimException.invalidFilter("members[...] supports value eq \"id\" (joined with or) to name members");
        };
    }

    boolean isPlaceholder(String value) {
        return options.placeholder().map(p -> normalized(p).equals(normalized(value))).orElse(false);
    }

    String normalized(String value) {
        if (options.values() == MemberValues.NAME) {
            return value.toLowerCase(Locale.ROOT);
        }
        try {
            return new DN(value).toNormalizedString();
        } catch (LDAPException e) {
            return value.toLowerCase(Locale.ROOT);
        }
    }
}
