package org.scimbridge.bridge.http;

import java.util.List;
import java.util.Optional;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.Modification;

import org.scimbridge.bridge.audit.AuditEvent;
import org.scimbridge.bridge.journal.Repair;
import org.scimbridge.bridge.journal.Repairs;
import org.scimbridge.bridge.journal.WriteSteps;
import org.scimbridge.bridge.ldap.LdapDirectory;
import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.config.ResourceMapping;
import org.scimbridge.mapping.entry.Ids;
import org.scimbridge.mapping.filter.LdapFilterTranslator;

/**
 * The IdPs' most frequent group write, a PATCH that only adds or removes members (Okta group push, Entra ID), sent
 * straight to the group's entry: the DN this instance last saw for the id ({@link KnownDns}), and ONE modify carrying
 * the member values and an assertion (RFC 4528) that the entry at that DN is still a group with this id. Without it
 * every such PATCH first searches the group by id, which on a small group costs the directory as much as the modify.
 * When the assertion fails or the entry is gone (renamed or deleted elsewhere, or the DN reused), nothing was written
 * and the caller takes the general path, which searches. Directories without the assertion control never take this
 * path: a write to a remembered DN would then be a guess.
 */
final class KnownGroupPatch {

    private final LdapDirectory directory;
    private final GroupMembers members;
    private final ResourceMapping groups;
    private final Filter groupClass;
    private final KnownDns dns;
    private final WriteChecks checks;
    private final Repairs repairs;

    /** @param dns the DNs the Groups endpoint last answered for ids; this class forgets the ones that turn out stale */
    KnownGroupPatch(LdapDirectory directory, GroupMembers members, ResourceMapping groups, WriteChecks checks,
                    Repairs repairs, KnownDns dns) {
        this.dns = dns;
        this.checks = checks;
        this.repairs = repairs;
        this.directory = directory;
        this.members = members;
        this.groups = groups;
        this.groupClass = new LdapFilterTranslator(groups).objectClassFilter();
    }

    /**
     * Writes member-only {@code modifications} (adds and deletes, no replace: a replace concerns every member's roles)
     * to the remembered entry of group {@code id}; empty when this path does not apply and nothing was written.
     */
    Optional<Entry> write(String id, List<Modification> modifications, AuditEvent event) {
        Optional<DN> dn = dns.get(id);
        // A group protected by name fails the assertion, by DN or a counted removal skips this path: the general one refuses.
        Optional<Filter> identity = Ids.matching(groups, id)
                .map(byId -> checks.unprotected(Filter.createANDFilter(groupClass, byId)));
        if (dn.isEmpty() || identity.isEmpty() || !directory.features().assertion() || modifications.isEmpty()
                || members.replacesMembers(modifications) || !checks.allowsUnreadWrite(dn.get(), modifications)) {
            return Optional.empty();
        }
        Entry stored;
        // Chunks after the first and the role grants are finished from the journal should the directory go away (see
        // ResourceService#write for why member chunks roll forward).
        WriteSteps steps = repairs.steps();
        try {
            stored = members.writeInChunks(dn.get(), modifications, identity,
                    remaining -> steps.record(new Repair.FinishMembers(id, dn.get(), members.asChanges(remaining))));
        } catch (RuntimeException e) {
            if (!steps.active() && e instanceof ScimException scim && (scim.status() == 404 || scim.status() == 412)) {
                dns.forget(id); // noSuchObject or assertionFailed: the entry moved or is another one now
                return Optional.empty();
            }
            throw steps.failed(e);
        }
        event.dn(stored.getDN());
        event.changedAttributes(modifications.stream().map(Modification::getAttributeName).distinct().toList());
        event.ldapResult("success");
        RoleApplier roles = members.roles();
        try {
            if (roles.affects(roles.refOf(stored))) {
                steps.record(new Repair.RecomputeRoles(members.valuesIn(modifications)));
                roles.recompute(members.valuesIn(modifications));
            }
        } catch (RuntimeException e) {
            throw steps.failed(e);
        }
        steps.done();
        return Optional.of(stored);
    }
}
