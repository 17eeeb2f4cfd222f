package org.scimbridge.bridge.check;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;

import org.scimbridge.bridge.testing.SlapdServer;

/**
 * A least-privilege service account on the shared slapd, directly below the base so that {@link SlapdServer#reset()}
 * keeps it; slapd lets everybody but the rootdn read, which is all the check needs.
 */
final class SlapdAccounts {

    static final String SERVICE_DN = "cn=scim-check," + SlapdServer.BASE_DN;
    static final String SERVICE_PASSWORD = "check-secret";

    private SlapdAccounts() {
    }

    /** Creates the account, or sets its password when it exists. */
    static synchronized void ensureServiceAccount(SlapdServer slapd) throws Exception {
        try (LDAPConnection admin = slapd.connect()) {
            if (admin.getEntry(SERVICE_DN, "1.1") == null) {
                admin.add("dn: " + SERVICE_DN, "objectClass: applicationProcess", "objectClass: simpleSecurityObject",
                        "cn: scim-check", "userPassword: " + SERVICE_PASSWORD);
            } else {
                admin.modify(SERVICE_DN, new Modification(ModificationType.REPLACE, "userPassword", SERVICE_PASSWORD));
            }
        }
    }

    static LDAPConnection connectAsService(SlapdServer slapd) throws Exception {
        ensureServiceAccount(slapd);
        return new LDAPConnection(slapd.host(), slapd.port(), SERVICE_DN, SERVICE_PASSWORD);
    }
}
