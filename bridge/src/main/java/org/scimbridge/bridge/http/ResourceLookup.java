package org.scimbridge.bridge.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.SearchResultEntry;

import org.scimbridge.bridge.ldap.LdapDirectory;
import org.scimbridge.mapping.config.ResourceMapping;
import org.scimbridge.mapping.entry.Ids;
import org.scimbridge.mapping.filter.LdapFilterTranslator;

/** Finds entries of one resource type by SCIM id or by name, and resolves DN references to ids in batches. */
final class ResourceLookup {

    /** Bounded OR filters: directories cap filter sizes, and one search per 200 references is still O(page). */
    private static final int REFERENCES_PER_SEARCH = 200;

    private final LdapDirectory directory;
    private final ResourceMapping mapping;
    private final Filter objectClass;

    ResourceLookup(LdapDirectory directory, ResourceMapping mapping) {
        this.directory = directory;
        this.mapping = mapping;
        this.objectClass = new LdapFilterTranslator(mapping).objectClassFilter();
    }

    /** One search: the object class AND the id attribute. A malformed id matches nothing without a round trip. */
    Optional<SearchResultEntry> byId(String id, String... attributes) {
        Optional<Filter> byId = Ids.matching(mapping, id);
        if (byId.isEmpty()) {
            return Optional.empty();
        }
        Filter filter = Filter.createANDFilter(objectClass, byId.get());
        return directory.findOne(mapping.base(), mapping.scope(), filter, attributes);
    }

    /** The entry whose naming attribute has this value, if any (uniqueness of userName / displayName). */
    Optional<SearchResultEntry> byName(String name) {
        Filter filter = Filter.createANDFilter(objectClass, Filter.createEqualityFilter(nameAttribute(), name));
        return directory.findOne(mapping.base(), mapping.scope(), filter, mapping.idAttribute());
    }

    /** Ids of the entries at these DNs, in as few searches as the batch size allows; unknown DNs are left out. */
    Map<DN, String> idsOf(List<DN> dns) {
        Set<DN> wanted = new LinkedHashSet<>();
        for (DN dn : dns) {
            if (dn.isDescendantOf(mapping.base(), false)) {
                wanted.add(dn);
            }
        }
        Map<DN, String> ids = new HashMap<>();
        List<DN> batch = new ArrayList<>(wanted);
        for (int from = 0; from < batch.size(); from += REFERENCES_PER_SEARCH) {
            List<Filter> names = new ArrayList<>();
            for (DN dn : batch.subList(from, Math.min(batch.size(), from + REFERENCES_PER_SEARCH))) {
                RDN rdn = dn.getRDN();
                for (int i = 0; i < rdn.getAttributeNames().length; i++) {
                    names.add(Filter.createEqualityFilter(rdn.getAttributeNames()[i], rdn.getAttributeValues()[i]));
                }
            }
            Filter filter = Filter.createANDFilter(objectClass, Filter.createORFilter(names));
            for (SearchResultEntry entry : directory.search(mapping.base(), mapping.scope(), filter, names.size() * 2 + 1,
                    mapping.idAttribute())) {
                DN dn = parsedDn(entry);
                String id = Ids.of(entry, mapping).orElse(null);
                if (wanted.contains(dn) && id != null) {
                    ids.put(dn, id);
                }
            }
        }
        return ids;
    }

    /** The LDAP attribute of userName (users) or displayName (groups): unique per RFC 7643 ("uniqueness": "server"). */
    String nameAttribute() {
        return mapping.ldapAttributeFor(mapping.resourceType().equals("User") ? "userName" : "displayName")
                .orElse(mapping.rdnAttribute());
    }

    static DN parsedDn(Entry entry) {
        try {
            return entry.getParsedDN();
        } catch (LDAPException e) {
            throw new IllegalStateException("the directory returned an unparseable DN: " + entry.getDN(), e);
        }
    }

    static RDN rdnOf(Entry entry) {
        try {
            return entry.getParsedDN().getRDN();
        } catch (LDAPException e) {
            throw new IllegalStateException("unparseable DN " + entry.getDN(), e);
        }
    }
}
