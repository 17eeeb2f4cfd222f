package org.scimbridge.mapping.config;

import java.util.List;
import java.util.Optional;

import com.unboundid.ldap.sdk.DN;

/**
 * What the IdP lifecycle means in this directory: how {@code active} is stored (RFC 7643 section 4.1.1), what DELETE
 * does, and how passwords are written. "Unassign" becomes {@code active: false}; it must lock the account for real,
 * and reactivation must undo exactly what deactivation did.
 *
 * @param active            how active is stored; the first strategy is the one read back; empty: deactivation refused
 * @param removeMemberships whether deactivating also removes the user from every group (not restored on reactivation)
 * @param delete            what DELETE does
 * @param password          how a SCIM password reaches the directory
 */
public record Lifecycle(List<ActiveStrategy> active, boolean removeMemberships, Delete delete, Password password) {

    /** No active rule, hard deletes, passwords ignored. */
    public static final Lifecycle NONE = new Lifecycle(List.of(), false, new Delete.Hard(), Password.NONE);

    public Lifecycle {
        active = List.copyOf(active);
    }

    /** One way of storing "inactive". */
    public sealed interface ActiveStrategy {

        /**
         * Inactive while the attribute holds {@code disabled}; active removes that value. OpenLDAP ppolicy:
         * {@code pwdAccountLockedTime: 000001010000Z} locks permanently; 389-DS: {@code nsAccountLock: true}.
         */
        record Value(String attribute, String disabled) implements ActiveStrategy {
        }

        /**
         * Inactive while {@code bit} is set in an integer attribute; the other bits are kept. Active Directory:
         * {@code userAccountControl} bit 0x2 (ACCOUNTDISABLE).
         */
        record Bit(String attribute, long bit, long createValue) implements ActiveStrategy {
        }

        /** Inactive while the entry sits below {@code disabledBase}; (re)activation moves it back. The id stays. */
        record Move(DN disabledBase) implements ActiveStrategy {
        }
    }

    /** DELETE semantics. */
    public sealed interface Delete {

        /** The entry is deleted (the default). */
        record Hard() implements Delete {
        }

        /**
         * The user is deactivated and tagged with {@code attribute: value} and/or moved below {@code moveTo}; from
         * then on SCIM answers 404 for it, while the entry stays in the directory for audits and restores.
         */
        record Soft(Optional<String> tagAttribute, Optional<String> tagValue, Optional<DN> moveTo) implements Delete {
        }
    }

    /** How passwords are written; SCIM passwords are write-only (RFC 7643 section 4.1.1) and never read back. */
    public enum Password {
        /** Passwords in requests are ignored. */
        NONE,
        /** The Password Modify extended operation (RFC 3062): the directory hashes per its own policy. */
        PASSWORD_MODIFY,
        /** A plain {@code userPassword} write (for directories that hash on write). */
        USER_PASSWORD,
        /** Active Directory's {@code unicodePwd}: the quoted password in UTF-16LE, accepted only over LDAPS/StartTLS. */
        UNICODE_PWD
    }
}
