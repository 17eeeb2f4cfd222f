package org.scimbridge.bridge.check;

import java.util.List;
import java.util.Optional;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.RootDSE;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;

/**
 * OpenLDAP's configuration as the bind DN sees it. slapd publishes {@code configContext} in its root DSE; the config
 * database itself is readable only where its ACLs let the bind DN (by default nobody but its own rootdn).
 */
final class OpenLdapConfig {

    private OpenLdapConfig() {
    }

    /** slapd's root DSE has the object class OpenLDAProotDSE, or at least a configContext. */
    static boolean isOpenLdap(RootDSE rootDse) {
        return rootDse != null && (rootDse.hasObjectClass("OpenLDAProotDSE") || rootDse.hasAttribute("configContext"));
    }

    /** The config databases with a suffix; empty when the directory is not OpenLDAP or hides its configuration. */
    static Optional<List<OpenLdapDatabase>> read(LDAPInterface ldap, RootDSE rootDse) {
        if (!isOpenLdap(rootDse)) {
            return Optional.empty();
        }
        String context = rootDse.hasAttribute("configContext") ? rootDse.getAttributeValue("configContext") : "cn=config";
        try {
            SearchResult result = ldap.search(context, SearchScope.ONE, Filter.createPresenceFilter("olcSuffix"),
                    "olcSuffix", "olcRootDN", "olcDbIndex");
            List<OpenLdapDatabase> databases = result.getSearchEntries().stream().map(OpenLdapDatabase::of).toList();
            return databases.isEmpty() ? Optional.empty() : Optional.of(databases);
        } catch (LDAPException e) {
            return Optional.empty(); // noSuchObject or insufficientAccessRights: not readable by this bind DN
        }
    }
}
