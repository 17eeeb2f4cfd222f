package org.scimbridge.bridge.http;

import java.util.List;
import java.util.Optional;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;

import org.scimbridge.bridge.journal.Outcome;
import org.scimbridge.bridge.journal.Repair;
import org.scimbridge.bridge.journal.Repairs;
import org.scimbridge.bridge.ldap.LdapDirectory;
import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.config.MappingConfig;
import org.scimbridge.mapping.config.ResourceMapping;
import org.scimbridge.mapping.entry.Ids;

/**
 * Carries out journal repairs against the directory. Every repair that touches one entry is guarded by that entry's id
 * (entryUUID, nsUniqueId, objectGUID as the mapping says): where the directory supports it, as an RFC 4528 assertion on
 * the write itself, so the check and the write are one atomic operation; elsewhere by a read just before. Several
 * bridges share one directory, and another client may have deleted, replaced or renamed the entry meanwhile: then the
 * repair is skipped (and logged), never applied to whatever entry holds that DN now.
 */
public final class DirectoryRepairs implements Repairs.Executor {

    private final LdapDirectory directory;
    private final MappingConfig mapping;
    private final Optional<GroupMembers> members;

    public DirectoryRepairs(LdapDirectory directory, MappingConfig mapping, Optional<GroupMembers> members) {
        this.directory = directory;
        this.mapping = mapping;
        this.members = members;
    }

    @Override
    public Outcome apply(Repair repair) {
        return switch (repair) {
            case Repair.DeleteCreated d -> guarded(d.type(), d.id(), d.entry(), identity -> {
                directory.delete(d.entry(), Optional.of(identity));
                return Outcome.done();
            });
            case Repair.RenameBack r -> guarded(r.type(), r.id(), r.current(), identity -> {
                try {
                    directory.rename(r.current(), r.original(), Optional.of(identity));
                } catch (ScimException e) {
                    if (e.status() == 409) {
                        return Outcome.skipped("another entry holds " + r.original() + " now");
                    }
                    throw e;
                }
                return Outcome.done();
            });
            case Repair.FinishMembers f -> guarded("Group", f.id(), f.group(), identity -> {
                GroupMembers groupMembers = members.orElseThrow();
                // Change by change, each with the identity assertion on its first modify.
                for (var modification : groupMembers.asModifications(f.remaining())) {
                    groupMembers.writeInChunks(f.group(), List.of(modification), Optional.of(identity));
                }
                return Outcome.done();
            });
            // Grants are recomputed from the directory as it is now, for whatever entry holds each DN: the result is what
            // the rules call for whoever changed what meanwhile, so this needs no identity guard.
            case Repair.RecomputeRoles r -> {
                members.orElseThrow().roles().recompute(r.members());
                yield Outcome.done();
            }
            case Repair.RemoveMemberships m -> removeMemberships(m);
        };
    }

    /**
     * A deleted user's values go only while no entry holds its DN again (a user created anew under the same name has
     * memberships of its own); a deactivated user's only while it is still the same entry.
     */
    private Outcome removeMemberships(Repair.RemoveMemberships m) {
        if (m.deleted()) {
            if (directory.read(m.user(), "1.1").isPresent()) {
                return Outcome.skipped("an entry holds " + m.user() + " again");
            }
        } else {
            Optional<Filter> identity = identity("User", m.id());
            Optional<SearchResultEntry> entry = directory.read(m.user(), mapping.users().idAttribute());
            if (identity.isEmpty() || entry.isEmpty() || !matches(identity.get(), entry.get())) {
                return Outcome.skipped("the user at " + m.user() + " is gone or another one now");
            }
        }
        members.orElseThrow().removeValueEverywhere(m.value());
        return Outcome.done();
    }

    private Outcome guarded(String type, String id, DN dn, Guarded write) {
        Optional<Filter> identity = identity(type, id);
        if (identity.isEmpty()) {
            return Outcome.failed("'" + id + "' is not an id of the mapping's syntax");
        }
        if (!directory.features().assertion()) {
            // Without the assertion control the check is a read just before the write: a narrow race, but no blind write.
            Optional<SearchResultEntry> entry = directory.read(dn, resource(type).idAttribute());
            if (entry.isEmpty() || !matches(identity.get(), entry.get())) {
                return Outcome.skipped("the entry at " + dn + " is gone or another one now");
            }
        }
        try {
            return write.run(identity.get());
        } catch (ScimException e) {
            return switch (e.status()) {
                case 404 -> Outcome.skipped("no entry at " + dn + " any more");
                case 412 -> Outcome.skipped("the entry at " + dn + " is not " + id + " any more");
                default -> throw e;
            };
        }
    }

    private Optional<Filter> identity(String type, String id) {
        return Ids.matching(resource(type), id);
    }

    private ResourceMapping resource(String type) {
        return type.equals("Group") ? mapping.groups().orElseThrow() : mapping.users();
    }

    private static boolean matches(Filter identity, SearchResultEntry entry) {
        try {
            return identity.matchesEntry(entry);
        } catch (LDAPException e) {
            return false;
        }
    }

    @FunctionalInterface
    private interface Guarded {
        Outcome run(Filter identity);
    }
}
