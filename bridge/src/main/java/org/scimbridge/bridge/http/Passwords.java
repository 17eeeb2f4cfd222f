package org.scimbridge.bridge.http;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;

import org.scimbridge.bridge.ldap.LdapDirectory;
import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.config.Lifecycle.Password;

/**
 * Writes SCIM passwords (write-only, never returned, logged or audited: RFC 7643 section 4.1.1) the way the mapping
 * says: the Password Modify extended operation (RFC 3062) so the directory hashes per its policy, a userPassword
 * write, or Active Directory's unicodePwd, which AD accepts only over an encrypted connection.
 */
final class Passwords {

    private final LdapDirectory directory;
    private final Password mode;
    private final boolean secure;

    Passwords(LdapDirectory directory, Password mode, boolean secure) {
        this.directory = directory;
        this.mode = mode;
        this.secure = secure;
    }

    /** Whether the password travels inside the new entry (attribute modes) rather than in a later operation. */
    boolean writtenWithEntry() {
        return mode == Password.USER_PASSWORD || mode == Password.UNICODE_PWD;
    }

    void addToEntry(Entry entry, String password) {
        switch (mode) {
            case USER_PASSWORD -> entry.setAttribute("userPassword", password);
            case UNICODE_PWD -> entry.setAttribute("unicodePwd", unicodePwd(password));
            default -> { }
        }
    }

    /**
     * A password change: the extended operation runs now (a policy rejection stops the request before anything else is
     * written); attribute modes add a replace to {@code modifications}, which go in the same modify.
     */
    void change(DN user, String password, List<Modification> modifications) {
        switch (mode) {
            case PASSWORD_MODIFY -> directory.passwordModify(user, password);
            case USER_PASSWORD -> modifications.add(new Modification(ModificationType.REPLACE, "userPassword", password));
            case UNICODE_PWD -> modifications.add(new Modification(ModificationType.REPLACE, "unicodePwd", unicodePwd(password)));
            case NONE -> { }
        }
    }

    /**
     * AD's password format: the password in double quotes, encoded as UTF-16LE (MS-ADTS 3.1.1.3.1.5.2). AD refuses it
     * on an unencrypted connection, so the bridge refuses first, with a reason the operator can act on.
     */
    byte[] unicodePwd(String password) {
        if (!secure) {
            throw new ScimException(400, "invalidValue",
                    "Active Directory accepts passwords only over LDAPS or StartTLS; configure an ldaps:// directory URL or directory.startTls: true");
        }
        return encodeUnicodePwd(password);
    }

    static byte[] encodeUnicodePwd(String password) {
        return ("\"" + password + "\"").getBytes(StandardCharsets.UTF_16LE);
    }
}
