package org.scimbridge.bridge.check;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;

import org.scimbridge.mapping.config.MappingConfig;
import org.scimbridge.mapping.config.ResourceMapping;
import org.scimbridge.mapping.roles.RoleRule;

/**
 * The entries the mapping relies on: the base DNs and role groups exist, and an entry under each base returns the id,
 * version and timestamp attributes to the bridge's bind DN. The group placeholder is only a value, never read.
 */
final class EntryCheck {

    private final LDAPInterface ldap;
    private final List<Finding> findings = new ArrayList<>();

    private EntryCheck(LDAPInterface ldap) {
        this.ldap = ldap;
    }

    /**
     * @param knownAttribute whether the schema has an attribute; the sample entry is not asked for unknown ones, which
     *                       are reported already
     */
    static List<Finding> run(LDAPInterface ldap, MappingConfig mapping, Predicate<String> knownAttribute) {
        EntryCheck check = new EntryCheck(ldap);
        check.resource("users", mapping.users(), knownAttribute);
        mapping.groups().ifPresent(groups -> check.resource("groups", groups, knownAttribute));
        List<RoleRule> roles = mapping.roles();
        for (int i = 0; i < roles.size(); i++) {
            String subject = "roles[" + i + "].grant.group";
            roles.get(i).group().ifPresent(grant -> check.exists(subject, grant.group(), "role group"));
        }
        return check.findings;
    }

    private void resource(String prefix, ResourceMapping mapping, Predicate<String> knownAttribute) {
        if (exists(prefix + ".base", mapping.base(), "base")) {
            sample(prefix, mapping, knownAttribute);
        }
    }

    private boolean exists(String subject, DN dn, String what) {
        try {
            if (ldap.getEntry(dn.toString(), "1.1") != null) {
                return true;
            }
            findings.add(Finding.error(subject, "the " + what + " " + dn + " does not exist" + closestAncestor(dn)));
        } catch (LDAPException e) {
            findings.add(Finding.error(subject, "cannot read the " + what + " " + dn + ": " + describe(e)));
        }
        return false;
    }

    /** "; the nearest existing entry above it is dc=example,dc=com", to tell a typo from a missing subtree. */
    private String closestAncestor(DN dn) {
        for (DN parent = dn.getParent(); parent != null && !parent.isNullDN(); parent = parent.getParent()) {
            try {
                if (ldap.getEntry(parent.toString(), "1.1") != null) {
                    return "; the nearest existing entry above it is " + parent;
                }
            } catch (LDAPException e) {
                return "";
            }
        }
        return "; no entry above it exists either";
    }

    /** Reads one entry under the base (size limit 1) and reports configured attributes it does not return. */
    private void sample(String prefix, ResourceMapping mapping, Predicate<String> knownAttribute) {
        List<Wanted> wanted = new ArrayList<>(List.of(new Wanted("id", mapping.idAttribute()),
                new Wanted("version", mapping.versionAttribute()), new Wanted("created", mapping.createdAttribute()),
                new Wanted("lastModified", mapping.modifiedAttribute())));
        wanted.removeIf(w -> !knownAttribute.test(w.attribute()));
        if (wanted.isEmpty()) {
            return;
        }
        Filter filter = Filter.createEqualityFilter("objectClass", mapping.objectClasses().getLast());
        SearchRequest request = new SearchRequest(mapping.base().toString(), mapping.scope(), filter,
                wanted.stream().map(Wanted::attribute).toArray(String[]::new));
        request.setSizeLimit(1);
        List<SearchResultEntry> entries;
        try {
            entries = ldap.search(request).getSearchEntries();
        } catch (LDAPSearchException e) {
            if (e.getResultCode() != ResultCode.SIZE_LIMIT_EXCEEDED) {
                findings.add(Finding.warning(prefix + ".base", "cannot search " + mapping.base() + ": " + describe(e)));
                return;
            }
            entries = e.getSearchEntries();
        }
        if (entries.isEmpty()) {
            findings.add(Finding.info(prefix + ".base", "no " + filter + " entry under " + mapping.base()
                    + " yet: the id and version attributes are checked once one exists"));
            return;
        }
        SearchResultEntry entry = entries.getFirst();
        for (Wanted w : wanted) {
            if (!entry.hasAttribute(w.attribute())) {
                findings.add(Finding.warning(prefix + "." + w.key(), w.attribute() + " not returned on " + entry.getDN()
                        + ": is it an operational attribute your bind DN can read?"));
            }
        }
    }

    /** A configuration key ({@code version}) and the attribute it names ({@code entryCSN}). */
    private record Wanted(String key, String attribute) {
    }

    static String describe(LDAPException e) {
        String diagnostic = e.getDiagnosticMessage();
        return e.getResultCode().getName() + (diagnostic == null || diagnostic.isEmpty() ? "" : " (" + diagnostic + ")");
    }
}
