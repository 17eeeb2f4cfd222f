package org.scimbridge.bridge.ldap;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.RootDSE;

/**
 * What the directory supports, read once from its root DSE (RFC 4512 section 5.1) so requests use the cheapest path
 * the directory offers.
 *
 * @param postRead  RFC 4527 post-read control (1.3.6.1.1.13.2)
 * @param assertion RFC 4528 assertion control (1.3.6.1.1.12)
 * @param pagedResults RFC 2696 simple paged results (1.2.840.113556.1.4.319)
 * @param serverSideSort RFC 2891 server-side sort (1.2.840.113556.1.4.473)
 * @param vlv       virtual list view (2.16.840.1.113730.3.4.9)
 */
public record DirectoryFeatures(boolean postRead, boolean assertion, boolean pagedResults, boolean serverSideSort, boolean vlv) {

    public static DirectoryFeatures detect(LDAPInterface ldap) throws LDAPException {
        RootDSE rootDse = ldap.getRootDSE();
        if (rootDse == null) {
            return new DirectoryFeatures(false, false, false, false, false);
        }
        return new DirectoryFeatures(rootDse.supportsControl("1.3.6.1.1.13.2"), rootDse.supportsControl("1.3.6.1.1.12"),
                rootDse.supportsControl("1.2.840.113556.1.4.319"), rootDse.supportsControl("1.2.840.113556.1.4.473"),
                rootDse.supportsControl("2.16.840.1.113730.3.4.9"));
    }
}
