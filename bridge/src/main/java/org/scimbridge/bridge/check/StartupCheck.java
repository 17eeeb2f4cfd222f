package org.scimbridge.bridge.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.RootDSE;
import com.unboundid.ldap.sdk.schema.Schema;

import org.scimbridge.mapping.config.MappingConfig;

/**
 * The mapping against the directory it is meant for, run by {@code scim-bridge check} and before {@code serve}
 * listens: the root DSE and what it offers, the schema against every object class and attribute the mapping names,
 * the base DNs, the attributes an entry returns, indexes and the privileges of the bind DN. A disagreement is an
 * {@link Severity#ERROR} naming the configuration key, found here rather than as a failed request later.
 *
 * <p>Only reads: a root DSE, a schema, a few base-scoped reads, one search with a size limit of 1, cn=config where
 * readable, and Who am I where offered.
 */
public final class StartupCheck {

    private StartupCheck() {
    }

    /**
     * @param ldap    a bound connection or pool; Who am I is asked only of a {@link com.unboundid.ldap.sdk.FullLDAPInterface}
     * @param mapping the mapping to check
     * @param bindDn  the DN the connection is bound as
     */
    public static CheckReport run(LDAPInterface ldap, MappingConfig mapping, String bindDn) {
        List<Finding> findings = new ArrayList<>();
        RootDSE rootDse = rootDse(ldap, findings);
        Schema schema = schema(ldap, findings);
        if (schema != null) {
            findings.addAll(SchemaCheck.run(schema, mapping));
        }
        findings.addAll(EntryCheck.run(ldap, mapping, attribute -> schema == null
                || schema.getAttributeType(new AttributeUse("", attribute, false).typeName()) != null));
        Optional<List<OpenLdapDatabase>> databases = OpenLdapConfig.read(ldap, rootDse);
        findings.addAll(IndexCheck.run(schema, mapping, databases, OpenLdapConfig.isOpenLdap(rootDse), bindDn));
        findings.addAll(AdminCheck.run(ldap, bindDn, rootDse, databases));
        return new CheckReport(describe(rootDse), Capabilities.of(rootDse), findings);
    }

    private static RootDSE rootDse(LDAPInterface ldap, List<Finding> findings) {
        try {
            RootDSE rootDse = ldap.getRootDSE();
            if (rootDse == null) {
                findings.add(Finding.warning("directory.rootDSE", "the root DSE is not readable: the bridge assumes no"
                        + " controls or extended operations, so writes take extra reads and paging uses snapshots"));
            }
            return rootDse;
        } catch (LDAPException e) {
            findings.add(Finding.warning("directory.rootDSE", "cannot read the root DSE: " + EntryCheck.describe(e)));
            return null;
        }
    }

    private static Schema schema(LDAPInterface ldap, List<Finding> findings) {
        try {
            Schema schema = ldap.getSchema();
            if (schema == null) {
                findings.add(Finding.warning("directory.schema", "the schema is not readable (no subschemaSubentry):"
                        + " object classes and attributes of the mapping were not checked"));
            }
            return schema;
        } catch (LDAPException e) {
            findings.add(Finding.warning("directory.schema", "cannot read the schema: " + EntryCheck.describe(e)
                    + "; object classes and attributes of the mapping were not checked"));
            return null;
        }
    }

    /** vendorName and vendorVersion where published; OpenLDAP and Active Directory publish neither. */
    private static String describe(RootDSE rootDse) {
        if (rootDse == null) {
            return "unknown (root DSE not readable)";
        }
        if (rootDse.getVendorName() != null) {
            return rootDse.getVendorName() + (rootDse.getVendorVersion() == null ? "" : " " + rootDse.getVendorVersion());
        }
        if (OpenLdapConfig.isOpenLdap(rootDse)) {
            return "OpenLDAP";
        }
        if (rootDse.hasAttribute("supportedCapabilities")
                && List.of(rootDse.getAttributeValues("supportedCapabilities")).contains("1.2.840.113556.1.4.800")) {
            return "Active Directory";
        }
        return "unknown vendor";
    }
}
