package org.scimbridge.bridge.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.FullLDAPInterface;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.RootDSE;
import com.unboundid.ldap.sdk.extensions.WhoAmIExtendedRequest;
import com.unboundid.ldap.sdk.extensions.WhoAmIExtendedResult;

/**
 * Least privilege: the bridge should bind as a service account with the rights it needs, not as an administrator that
 * bypasses every access control and limit (a leaked bridge config would then own the directory).
 */
final class AdminCheck {

    private static final String SUBJECT = "directory.bindDn";
    /** 389 Directory Server's (and Netscape's descendants') built-in administrator. */
    private static final DN DIRECTORY_MANAGER = new DN(new RDN("cn", "Directory Manager"));

    private AdminCheck() {
    }

    static List<Finding> run(LDAPInterface ldap, String bindDn, RootDSE rootDse, Optional<List<OpenLdapDatabase>> databases) {
        List<String> identities = new ArrayList<>();
        identities.add(bindDn);
        Optional<String> whoAmI = whoAmI(ldap, rootDse);
        whoAmI.filter(id -> id.regionMatches(true, 0, "dn:", 0, 3)).map(id -> id.substring(3)).ifPresent(identities::add);
        String bound = bindDn + whoAmI.map(id -> " (Who am I: " + id + ")").orElse("");
        for (String identity : identities) {
            Optional<String> role = administrator(identity, databases);
            if (role.isPresent()) {
                return List.of(Finding.warning(SUBJECT, bound + " is " + role.get() + ": it bypasses every access control and"
                        + " limit; bind as a service account with only the rights the bridge needs (README,"
                        + " \"Least privilege\")"));
            }
        }
        if (databases.isEmpty() && OpenLdapConfig.isOpenLdap(rootDse) && hasNoEntry(ldap, bindDn)) {
            return List.of(Finding.warning(SUBJECT, bound + " binds but has no entry: on OpenLDAP only a database's rootdn"
                    + " (olcRootDN) can, and the rootdn bypasses every access control and limit; bind as a service account"
                    + " entry with only the rights the bridge needs (README, \"Least privilege\")"));
        }
        return List.of(Finding.info(SUBJECT, "bound as " + bound + ", not a known directory administrator"));
    }

    /** What makes {@code identity} an administrator, if anything does. */
    private static Optional<String> administrator(String identity, Optional<List<OpenLdapDatabase>> databases) {
        DN dn;
        try {
            dn = new DN(identity);
        } catch (LDAPException e) {
            return Optional.empty();
        }
        if (dn.equals(DIRECTORY_MANAGER)) {
            return Optional.of("the directory's administrator (" + DIRECTORY_MANAGER + ")");
        }
        for (OpenLdapDatabase database : databases.orElse(List.of())) {
            if (database.rootDns().contains(dn)) {
                return Optional.of("the olcRootDN of " + database.describe());
            }
        }
        return Optional.empty();
    }

    /** The authorization identity the directory reports (RFC 4532), when it offers Who am I. */
    private static Optional<String> whoAmI(LDAPInterface ldap, RootDSE rootDse) {
        if (!(ldap instanceof FullLDAPInterface full) || rootDse == null
                || !rootDse.supportsExtendedOperation(Capabilities.WHO_AM_I)) {
            return Optional.empty();
        }
        try {
            ExtendedResult result = full.processExtendedOperation(new WhoAmIExtendedRequest());
            if (result.getResultCode() != ResultCode.SUCCESS) {
                return Optional.empty();
            }
            String id = new WhoAmIExtendedResult(result).getAuthorizationID();
            return id == null || id.isEmpty() ? Optional.empty() : Optional.of(id);
        } catch (LDAPException e) {
            return Optional.empty();
        }
    }

    private static boolean hasNoEntry(LDAPInterface ldap, String bindDn) {
        try {
            return ldap.getEntry(bindDn, "1.1") == null;
        } catch (LDAPException e) {
            return false; // not readable is not absent
        }
    }
}
