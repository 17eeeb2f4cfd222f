package org.scimbridge.bridge.journal;

import java.util.List;

import com.unboundid.ldap.sdk.DN;

/**
 * What must still happen to the directory after a SCIM write stopped between two of its LDAP operations. Only names
 * (DNs, ids, member values, which are DNs or user names) are kept, never an attribute value that could be a secret: an
 * undo needs none, and the roll-forward kinds carry member values only.
 */
public sealed interface Repair {

    /** Whether this repair takes back what was written (the request failed) rather than finishing it. */
    default boolean undo() {
        return this instanceof DeleteCreated || this instanceof RenameBack;
    }

    /** The resource type ({@code User}, {@code Group}) the audit record names. */
    default String type() {
        return switch (this) {
            case DeleteCreated d -> d.type;
            case RenameBack r -> r.type;
            case FinishMembers f -> "Group";
            case RecomputeRoles r -> "User";
            case RemoveMemberships m -> "User";
        };
    }

    /** The SCIM id the audit record names; {@code -} where the repair concerns several entries. */
    default String id() {
        return switch (this) {
            case DeleteCreated d -> d.id;
            case RenameBack r -> r.id;
            case FinishMembers f -> f.id;
            case RecomputeRoles r -> "-";
            case RemoveMemberships m -> m.id;
        };
    }

    /** The DN the audit record names. */
    default String dn() {
        return switch (this) {
            case DeleteCreated d -> d.entry.toString();
            case RenameBack r -> r.current.toString();
            case FinishMembers f -> f.group.toString();
            case RecomputeRoles r -> "-";
            case RemoveMemberships m -> m.user.toString();
        };
    }

    /** The short name of this kind of repair, in the journal file and the audit record. */
    default String kind() {
        return switch (this) {
            case DeleteCreated d -> "deleteCreated";
            case RenameBack r -> "renameBack";
            case FinishMembers f -> "finishMembers";
            case RecomputeRoles r -> "recomputeRoles";
            case RemoveMemberships m -> "removeMemberships";
        };
    }

    /** A create whose later step failed: the entry goes, but only while it is still the entry created ({@code id}). */
    record DeleteCreated(String type, String id, DN entry) implements Repair {
    }

    /** A rename whose following modify failed: {@code current} goes back to {@code original} while it is {@code id}. */
    record RenameBack(String type, String id, DN current, DN original) implements Repair {
    }

    /** Member values still to add to or delete from group {@code id} at {@code group}, in this order. */
    record FinishMembers(String id, DN group, List<MemberChange> remaining) implements Repair {
        public FinishMembers {
            remaining = List.copyOf(remaining);
        }
    }

    /** Role grants to compute again for these member values (user DNs, or user names for memberUid groups). */
    record RecomputeRoles(List<String> members) implements Repair {
        public RecomputeRoles {
            members = List.copyOf(members);
        }
    }

    /**
     * The values naming a deleted or deactivated user still to go from every group: {@code value} (its DN, or its name
     * for memberUid groups), for user {@code id} at {@code user}; {@code deleted} tells which of the two it was.
     */
    record RemoveMemberships(String id, DN user, String value, boolean deleted) implements Repair {
    }

    /** One member modification still to write: add, delete or replace these values. */
    record MemberChange(Op op, List<String> values) {
        public MemberChange {
            values = List.copyOf(values);
        }

        /** The LDAP modification types a member change can have. */
        public enum Op { ADD, DELETE, REPLACE }
    }
}
