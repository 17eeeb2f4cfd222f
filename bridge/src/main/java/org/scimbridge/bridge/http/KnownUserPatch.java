package org.scimbridge.bridge.http;

import java.util.List;
import java.util.Optional;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;

import org.scimbridge.bridge.audit.AuditEvent;
import org.scimbridge.bridge.ldap.LdapDirectory;
import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.config.ResourceMapping;
import org.scimbridge.mapping.entry.Ids;
import org.scimbridge.mapping.filter.LdapFilterTranslator;
import org.scimbridge.mapping.patch.PatchOperation;
import org.scimbridge.mapping.patch.UnreadPatch;

/**
 * The IdPs' most frequent user write, a PATCH that sets a few single-valued attributes (Entra ID's attribute updates:
 * {@code replace title}, {@code replace department}), sent straight to the user's entry instead of reading it first:
 * the DN this instance last answered for the id ({@link KnownDns}) and ONE modify, with a {@code REPLACE} per attribute
 * ({@link UnreadPatch}), an assertion (RFC 4528) that the entry there is still this user, visible to SCIM, and does not
 * already hold every value, and the post-read control (RFC 4527) for the 200 response.
 *
 * <p>A refused assertion or a missing entry writes nothing and sends the request to the general path, which reads the
 * entry: that is how a PATCH that changes nothing still writes nothing, and how a user renamed, deleted, soft-deleted
 * or replaced by another entry at the same DN elsewhere is found again (or answered 404). Directories without the
 * assertion control never take this path.
 */
final class KnownUserPatch {

    private final LdapDirectory directory;
    private final ResourceMapping users;
    private final UnreadPatch unread;
    private final Filter visible;
    private final WriteChecks checks;
    private final String[] readBack;
    private final KnownDns dns;

    /** @param dns the DNs the Users endpoint last answered for ids; this class forgets the ones that turn out stale */
    KnownUserPatch(LdapDirectory directory, ResourceMapping users, UnreadPatch unread, WriteChecks checks, String[] readBack,
                   KnownDns dns) {
        this.dns = dns;
        this.directory = directory;
        this.users = users;
        this.unread = unread;
        this.checks = checks;
        this.readBack = readBack.clone();
        this.visible = new LdapFilterTranslator(users).objectClassFilter();
    }

    /** Writes {@code operations} to the remembered entry of user {@code id}; empty when this path does not apply. */
    Optional<Entry> write(String id, List<PatchOperation> operations, AuditEvent event) {
        Optional<DN> dn = dns.get(id);
        Optional<Filter> byId = Ids.matching(users, id);
        if (dn.isEmpty() || byId.isEmpty() || !directory.features().assertion() || !checks.allowsUnreadUserWrite(dn.get())) {
            return Optional.empty();
        }
        Optional<UnreadPatch.Plan> plan = unread.plan(operations);
        if (plan.isEmpty()) {
            return Optional.empty();
        }
        Filter assertion = Filter.createANDFilter(visible, byId.get(), Filter.createNOTFilter(plan.get().alreadySo()));
        Entry stored;
        try {
            stored = directory.modify(dn.get(), plan.get().modifications(), Optional.of(assertion), readBack);
        } catch (ScimException e) {
            if (e.status() == 404 || e.status() == 412) {
                dns.forget(id); // noSuchObject or assertionFailed: moved, gone, another entry, or nothing to change
                return Optional.empty();
            }
            throw e;
        }
        event.dn(stored.getDN());
        event.changedAttributes(plan.get().attributes());
        event.ldapResult("success");
        return Optional.of(stored);
    }
}
