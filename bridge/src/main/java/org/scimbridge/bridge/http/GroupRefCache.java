package org.scimbridge.bridge.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchScope;

import org.scimbridge.bridge.ldap.LdapDirectory;
import org.scimbridge.mapping.config.ResourceMapping;
import org.scimbridge.mapping.entry.Ids;
import org.scimbridge.mapping.filter.LdapFilterTranslator;
import org.scimbridge.mapping.roles.GroupRef;

/**
 * What a user's {@code memberOf} values name: the SCIM id, display name and externalId of each group, so that a user's
 * read-only {@code groups} (RFC 7643 section 4.1.2) costs no search on the groups. Without it, every GET of a user
 * searches {@code (member=<user DN>)}, and slapd decodes every large group the user is in to answer: 377 µs of its CPU
 * per GET against 92 for the lookup itself (bench/directory).
 *
 * <p>The directory stays the source of truth for membership: {@code memberOf} is read with the user each time. Only a
 * group's own id, name and externalId are remembered, at most {@link #TTL} and never past a change this instance makes
 * to the group. A group renamed elsewhere appears under its new DN, which is read afresh; what can be stale for up to a
 * minute is a display name or externalId changed elsewhere without a rename, or a group deleted and created again
 * under the same DN elsewhere.
 */
final class GroupRefCache {

    static final Duration TTL = Duration.ofSeconds(60);
    private static final int CAPACITY = 10_000;

    /** A mapped group a {@code memberOf} value names. */
    record KnownGroup(String id, GroupRef ref) {
    }

    /** {@code group} empty: the DN names no mapped group (a role group, another subtree, an entry since deleted). */
    private record Cached(Optional<KnownGroup> group, long expiresAt) {
    }

    private final LdapDirectory directory;
    private final ResourceMapping groups;
    private final Filter groupClass;
    private final String displayAttribute;
    private final Optional<String> externalIdAttribute;
    private final String[] attributes;
    private final LongSupplier nanoTime;
    private final Map<String, Cached> byDn = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > CAPACITY;
        }
    };

    GroupRefCache(LdapDirectory directory, ResourceMapping groups) {
        this(directory, groups, System::nanoTime);
    }

    GroupRefCache(LdapDirectory directory, ResourceMapping groups, LongSupplier nanoTime) {
        this.directory = directory;
        this.groups = groups;
        this.groupClass = new LdapFilterTranslator(groups).objectClassFilter();
        this.displayAttribute = groups.ldapAttributeFor("displayName").orElse(groups.rdnAttribute());
        this.externalIdAttribute = groups.ldapAttributeFor("externalId");
        List<String> read = new ArrayList<>(List.of(groups.idAttribute(), displayAttribute));
        externalIdAttribute.ifPresent(read::add);
        this.attributes = read.toArray(String[]::new);
        this.nanoTime = nanoTime;
    }

    /** The mapped groups among {@code memberOfValues}, in their order; one base read per group not known yet. */
    List<KnownGroup> groupsNamed(String[] memberOfValues) {
        List<KnownGroup> named = new ArrayList<>();
        if (memberOfValues == null) {
            return named;
        }
        for (String value : memberOfValues) {
            DN dn;
            try {
                dn = new DN(value);
            } catch (LDAPException e) {
                continue; // not a DN: names no group
            }
            if (dn.isDescendantOf(groups.base(), false)) {
                known(dn).ifPresent(named::add);
            }
        }
        return named;
    }

    /** Forgets {@code group}: this instance renamed, changed or deleted it. */
    void forget(DN group) {
        String key = group.toNormalizedString();
        synchronized (byDn) {
            byDn.remove(key);
        }
    }

    private Optional<KnownGroup> known(DN dn) {
        String key = dn.toNormalizedString();
        long now = nanoTime.getAsLong();
        synchronized (byDn) {
            Cached cached = byDn.get(key);
            if (cached != null && now - cached.expiresAt() < 0) {
                return cached.group();
            }
        }
        // Read outside the lock: two requests may read the same group at once, and both store the same answer.
        Optional<KnownGroup> group = directory.search(dn, SearchScope.BASE, groupClass, 1, attributes).stream().findFirst()
                .flatMap(entry -> Ids.of(entry, groups).map(id -> new KnownGroup(id, new GroupRef(dn,
                        String.valueOf(entry.getAttributeValue(displayAttribute)),
                        externalIdAttribute.map(entry::getAttributeValue)))));
        synchronized (byDn) {
            byDn.put(key, new Cached(group, now + TTL.toNanos()));
        }
        return group;
    }
}
