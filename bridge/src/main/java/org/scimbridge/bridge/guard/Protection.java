package org.scimbridge.bridge.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;

import org.scimbridge.bridge.audit.AuditEvent;
import org.scimbridge.bridge.config.BridgeConfig;
import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.config.ResourceMapping;

/**
 * Entries SCIM may read but never change (README "Protected entries"): single DNs, whole subtrees, and group entries by
 * DN or displayName. It protects the entry itself (its attributes, its name, its existence, and for a group its member
 * list), not the entry's memberships: a protected user may be added to or removed from an unprotected group, as that
 * writes the group, not the user.
 */
public final class Protection {

    private final List<DN> dns;
    private final List<DN> subtrees;
    private final List<DN> groupDns = new ArrayList<>();
    private final Set<String> groupNames;
    private final Optional<String> groupNameAttribute;
    private final AtomicLong refusals = new AtomicLong();

    public Protection(BridgeConfig.Protection config, Optional<ResourceMapping> groups) {
        this.dns = config.dns();
        this.subtrees = config.subtrees();
        List<String> names = new ArrayList<>();
        for (String group : config.groups()) {
            if (group.contains("=") && DN.isValidDN(group)) {
                groupDns.add(parse(group));
            } else {
                names.add(group);
            }
        }
        this.groupNames = names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.groupNameAttribute = groups.map(g -> g.ldapAttributeFor("displayName").orElse(g.rdnAttribute()));
    }

    /**
     * Refuses any write to {@code entry} (403, {@code protected} as the audit record's result) when it is protected; a
     * {@code group} is also judged by its name, which callers read with the mapped attributes.
     */
    public void requireWritable(Entry entry, boolean group, AuditEvent event) {
        Optional<String> name = group ? groupNameAttribute.map(entry::getAttributeValue) : Optional.empty();
        Optional<String> why = reason(parse(entry.getDN()), name);
        if (why.isPresent()) {
            refuse(why.get(), event);
        }
    }

    /** Refuses a write that would put or move an entry to {@code dn} when that DN is protected. */
    public void requireWritable(DN dn, AuditEvent event) {
        reason(dn, Optional.empty()).ifPresent(why -> refuse(why, event));
    }

    /** Whether a write to {@code dn} needs no further look: no protected DN, subtree or group DN covers it. */
    public boolean coversDn(DN dn) {
        return reason(dn, Optional.empty()).isPresent();
    }

    /**
     * For writes sent to a DN without reading the entry first (the member fast path): a filter the entry must match,
     * i.e. not carry a protected group name; empty when no group is protected by name.
     */
    public Optional<Filter> unprotectedName() {
        if (groupNames.isEmpty() || groupNameAttribute.isEmpty()) {
            return Optional.empty();
        }
        List<Filter> names = groupNames.stream().map(n -> Filter.createEqualityFilter(groupNameAttribute.get(), n)).toList();
        return Optional.of(Filter.createNOTFilter(Filter.createORFilter(names)));
    }

    /** Refusals since start: the metric {@code scim_bridge_guard_refusals_total{guard="protected"}}. */
    public long refusals() {
        return refusals.get();
    }

    private Optional<String> reason(DN dn, Optional<String> groupName) {
        if (dns.contains(dn)) {
            return Optional.of(dn + " is a protected entry (protected.dns)");
        }
        for (DN subtree : subtrees) {
            if (dn.isDescendantOf(subtree, true)) {
                return Optional.of(dn + " is in the protected subtree " + subtree + " (protected.subtrees)");
            }
        }
        if (groupDns.contains(dn) || groupName.map(n -> groupNames.contains(n.toLowerCase(Locale.ROOT))).orElse(false)) {
            return Optional.of(dn + " is a protected group (protected.groups)");
        }
        return Optional.empty();
    }

    private void refuse(String why, AuditEvent event) {
        refusals.incrementAndGet();
        event.ldapResult("protected");
        throw new ScimException(403, null, why + ": SCIM may read it but not change it; nothing was written");
    }

    private static DN parse(String dn) {
        try {
            return new DN(dn);
        } catch (LDAPException e) {
            throw ScimException.internal("the directory returned an unparsable DN");
        }
    }
}
