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
    boolean undo();

    /** The resource type ({@code User}, {@code Group}) the audit record names. */
    String type();

    /** The SCIM id the audit record names; {@code -} where the repair concerns several entries. */
    String id();

    /** The DN the audit record names. */
    String dn();

    /** The short name of this kind of repair, in the journal file and the audit record. */
    String kind();

    /** A create whose later step failed: the entry goes, but only while it is still the entry created ({@code id}). */
    record DeleteCreated(String type, String id, DN entry) implements Repair {
        @Override
        public boolean undo() {
            return true;
        }

        @Override
        public String dn() {
            return entry.toString();
        }

        @Override
        public String kind() {
            return "deleteCreated";
        }
    }

    /** A rename whose following modify failed: {@code current} goes back to {@code original} while it is {@code id}. */
    record RenameBack(String type, String id, DN current, DN original) implements Repair {
        @Override
        public boolean undo() {
            return true;
        }

        @Override
        public String dn() {
            return current.toString();
        }

        @Override
        public String kind() {
            return "renameBack";
        }
    }

    /** Member values still to add to or delete from group {@code id} at {@code group}, in this order. */
    record FinishMembers(String id, DN group, List<MemberChange> remaining) implements Repair {
        public FinishMembers {
            remaining = List.copyOf(remaining);
        }

        @Override
        public boolean undo() {
            return false;
        }

        @Override
        public String type() {
            return "Group";
        }

        @Override
        public String dn() {
            return group.toString();
        }

        @Override
        public String kind() {
            return "finishMembers";
        }
    }

    /** Role grants to compute again for these member values (user DNs, or user names for memberUid groups). */
    record RecomputeRoles(List<String> members) implements Repair {
        public RecomputeRoles {
            members = List.copyOf(members);
        }

        @Override
        public boolean undo() {
            return false;
        }

        @Override
        public String type() {
            return "User";
        }

        @Override
        public String id() {
            return "-";
        }

        @Override
        public String dn() {
            return "-";
        }

        @Override
        public String kind() {
            return "recomputeRoles";
        }
    }

    /**
     * The values naming a deleted or deactivated user still to go from every group: {@code value} (its DN, or its name
     * for memberUid groups), for user {@code id} at {@code user}; {@code deleted} tells which of the two it was.
     */
    record RemoveMemberships(String id, DN user, String value, boolean deleted) implements Repair {
        @Override
        public boolean undo() {
            return false;
        }

        @Override
        public String type() {
            return "User";
        }

        @Override
        public String dn() {
            return user.toString();
        }

        @Override
        public String kind() {
            return "removeMemberships";
        }
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
