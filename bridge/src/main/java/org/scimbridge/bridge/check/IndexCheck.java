package org.scimbridge.bridge.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.unboundid.ldap.sdk.schema.Schema;

import org.scimbridge.mapping.config.AttributeRule;
import org.scimbridge.mapping.config.MappingConfig;
import org.scimbridge.mapping.config.ResourceMapping;
import org.scimbridge.mapping.schema.CoreSchemas;

/**
 * Equality indexes on the attributes every lookup uses: without one, each search by id, userName or email reads every
 * entry, the first wall at tens of thousands of entries (shared/DIRECTORY-PERF.md). Checked where the directory
 * exposes its index configuration, which today means OpenLDAP's cn=config.
 */
final class IndexCheck {

    private IndexCheck() {
    }

    /**
     * @param databases the OpenLDAP databases, when cn=config is readable
     * @param openLdap  whether the directory is OpenLDAP, to say why indexes were not checked
     */
    static List<Finding> run(Schema schema, MappingConfig mapping, Optional<List<OpenLdapDatabase>> databases, boolean openLdap,
                             String bindDn) {
        Map<String, ResourceMapping> resources = new LinkedHashMap<>();
        resources.put("users", mapping.users());
        mapping.groups().ifPresent(g -> resources.put("groups", g));
        if (databases.isEmpty()) {
            String why = openLdap ? "cn=config is not readable by " + bindDn
                    : "the directory does not expose its index configuration (the check reads OpenLDAP's cn=config)";
            List<String> wanted = new ArrayList<>();
            resources.forEach((prefix, m) -> wanted.add(prefix + ": " + String.join(", ", wanted(prefix, m).keySet())));
            return List.of(Finding.info("directory.indexes", "indexes not checked: " + why
                    + "; make sure these have equality indexes: " + String.join("; ", wanted)));
        }
        Map<OpenLdapDatabase, Map<String, List<String>>> missing = new LinkedHashMap<>();
        List<Finding> findings = new ArrayList<>();
        resources.forEach((prefix, m) -> {
            Optional<OpenLdapDatabase> database = OpenLdapDatabase.holding(databases.get(), m.base());
            if (database.isEmpty()) {
                findings.add(Finding.info(prefix + ".base", "indexes not checked: no database in cn=config holds " + m.base()));
                return;
            }
            IndexedAttributes indexed = new IndexedAttributes(schema, database.get().indexes());
            Map<String, List<String>> lacking = missing.computeIfAbsent(database.get(), d -> new LinkedHashMap<>());
            wanted(prefix, m).forEach((attribute, uses) -> {
                if (!indexed.hasEquality(attribute)) {
                    lacking.computeIfAbsent(attribute, a -> new ArrayList<>()).addAll(uses);
                }
            });
        });
        missing.forEach((database, lacking) -> findings.add(lacking.isEmpty()
                ? Finding.info(database.dn(), "equality indexes present on every attribute the bridge looks entries up by")
                : Finding.warning(database.dn(), "no equality index on " + describe(lacking) + " in " + database.describe()
                        + ": every search on them reads all entries, the first wall at tens of thousands of entries; add: "
                        + "olcDbIndex: " + String.join(",", lacking.keySet()) + " eq")));
        return findings;
    }

    /** The attributes lookups filter on, each with the configuration keys that make it one, in a stable order. */
    static Map<String, List<String>> wanted(String prefix, ResourceMapping mapping) {
        Map<String, List<String>> wanted = new LinkedHashMap<>();
        add(wanted, "objectClass", prefix + ".objectClasses");
        add(wanted, mapping.idAttribute(), prefix + ".id");
        add(wanted, mapping.rdnAttribute(), prefix + ".rdn");
        String urn = mapping.groupOptions().isPresent() ? CoreSchemas.GROUP_URN : CoreSchemas.USER_URN;
        List<String> looked = mapping.groupOptions().isPresent() ? List.of("displayName", "externalId")
                : List.of("userName", "externalId", "emails");
        for (AttributeRule rule : mapping.rules()) {
            if (looked.stream().anyMatch(name -> rule.target().sameAttribute(urn, name))) {
                add(wanted, rule.ldapAttribute(), prefix + ".attributes." + rule.target());
            }
        }
        mapping.groupOptions().ifPresent(g -> add(wanted, g.memberAttribute(), prefix + ".membership.attribute"));
        return wanted;
    }

    private static void add(Map<String, List<String>> wanted, String attribute, String use) {
        String existing = wanted.keySet().stream().filter(a -> a.equalsIgnoreCase(attribute)).findFirst().orElse(attribute);
        wanted.computeIfAbsent(existing, a -> new ArrayList<>()).add(use);
    }

    private static String describe(Map<String, List<String>> lacking) {
        List<String> parts = new ArrayList<>();
        lacking.forEach((attribute, uses) -> parts.add(attribute + " (" + String.join(", ", uses) + ")"));
        return String.join(", ", parts);
    }
}
