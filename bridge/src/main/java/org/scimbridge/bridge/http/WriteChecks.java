package org.scimbridge.bridge.http;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;

import org.scimbridge.bridge.audit.AuditEvent;
import org.scimbridge.bridge.config.BridgeConfig.GuardKind;
import org.scimbridge.bridge.guard.Safeguards;
import org.scimbridge.mapping.config.Lifecycle;
import org.scimbridge.mapping.entry.AttributeMapper;

/**
 * The one call each write path of {@link ResourceService} makes before it writes: protected entries refused, then the
 * destructive part of the change counted against the guards (a deactivation is {@code active} going from true to false,
 * by PATCH, PUT or soft delete; a delete is one user or group; a member removal is one member value taken away, a
 * replace counting the current members it does not keep). Everything is checked before the first LDAP write, so a
 * refused request writes nothing.
 */
final class WriteChecks {

    private final Safeguards safeguards;
    private final AttributeMapper mapper;
    private final Optional<GroupMembers> groupMembers;
    private final boolean users;

    /** @param groupMembers the membership helper when the endpoint serves Groups, else empty */
    WriteChecks(Safeguards safeguards, AttributeMapper mapper, Optional<GroupMembers> groupMembers) {
        this.safeguards = safeguards;
        this.mapper = mapper;
        this.groupMembers = groupMembers;
        this.users = mapper.mapping().resourceType().equals("User");
    }

    void beforeCreate(Entry entry, AuditEvent event) {
        safeguards.protection().requireWritable(entry, !users, event);
    }

    /** A modify and/or rename of {@code current} into {@code target} with {@code modifications}. */
    void beforeWrite(Entry current, Entry target, List<Modification> modifications, AuditEvent event) {
        safeguards.protection().requireWritable(current, !users, event);
        if (!target.getDN().equals(current.getDN())) {
            safeguards.protection().requireWritable(target, !users, event);
        }
        Map<GuardKind, Integer> wanted = new EnumMap<>(GuardKind.class);
        if (users && deactivates(current, target)) {
            wanted.put(GuardKind.DEACTIVATIONS, 1);
        }
        if (groupMembers.isPresent() && safeguards.guards().caps(GuardKind.MEMBER_REMOVALS)) {
            wanted.put(GuardKind.MEMBER_REMOVALS, groupMembers.get().removalsIn(ResourceLookup.parsedDn(current), modifications));
        }
        safeguards.guards().admit(wanted, event);
    }

    /** A delete; with lifecycle.delete soft, it deactivates the user instead and counts as a deactivation. */
    void beforeDelete(Entry entry, AuditEvent event) {
        safeguards.protection().requireWritable(entry, !users, event);
        boolean soft = mapper.mapping().lifecycle().delete() instanceof Lifecycle.Delete.Soft;
        GuardKind kind = soft ? GuardKind.DEACTIVATIONS : GuardKind.DELETES;
        int count = soft && !(users && mapper.active(entry).orElse(true)) ? 0 : 1;
        safeguards.guards().admit(Map.of(kind, count), event);
    }

    /**
     * Whether a member change may go straight to a remembered group DN ({@link KnownGroupPatch}) unread: not when the
     * DN is protected, nor when it removes members under a member-removal cap (the general path counts them).
     */
    boolean allowsUnreadWrite(DN group, List<Modification> modifications) {
        boolean removes = modifications.stream().anyMatch(m -> m.getModificationType() != ModificationType.ADD);
        return !safeguards.protection().coversDn(group) && !(removes && safeguards.guards().caps(GuardKind.MEMBER_REMOVALS));
    }

    /** Whether a user's attributes may be written at {@code user} unread ({@link KnownUserPatch}): not when protected. */
    boolean allowsUnreadUserWrite(DN user) {
        return !safeguards.protection().coversDn(user);
    }

    /** The identity assertion of an unread write, narrowed to groups whose name is not protected. */
    Filter unprotected(Filter identity) {
        return safeguards.protection().unprotectedName().map(n -> Filter.createANDFilter(identity, n)).orElse(identity);
    }

    private boolean deactivates(Entry current, Entry target) {
        return mapper.active(current).orElse(true) && !mapper.active(target).orElse(true);
    }
}
