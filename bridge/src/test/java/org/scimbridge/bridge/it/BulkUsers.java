package org.scimbridge.bridge.it;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldif.LDIFException;

import org.scimbridge.mapping.config.MappingConfig;
import org.scimbridge.mapping.config.MappingLoader;

/**
 * 2,000 deterministic users under {@code ou=bulk}, so that filter, paging and sorting results can be computed in the
 * test from the same rules that generated the data.
 */
public final class BulkUsers {

    public static final int COUNT = 2000;
    public static final String BASE = "ou=bulk,dc=example,dc=com";
    static final String[] GIVEN = {"Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jamal",
            "Kara", "Liam", "Maya", "Noah", "Olga", "Pavel", "Quinn", "Rosa", "Sam", "Tara"};
    static final String[] FAMILY = new String[50];
    static final String[] TITLES = {"Engineer", "Manager", "Analyst", "Director"};
    static final String[] DEPARTMENTS = {"Sales", "R&D", "Support"};

    static {
        for (int i = 0; i < FAMILY.length; i++) {
            FAMILY[i] = "Family" + (char) ('A' + i % 26) + i;
        }
    }

    private BulkUsers() {
    }

    public static String userName(int i) {
        return String.format(Locale.ROOT, "u%04d", i);
    }

    static String given(int i) {
        return GIVEN[i % GIVEN.length];
    }

    static String family(int i) {
        return FAMILY[i % FAMILY.length];
    }

    static String title(int i) {
        return TITLES[i % TITLES.length];
    }

    static String department(int i) {
        return DEPARTMENTS[i % DEPARTMENTS.length];
    }

    static boolean hasPhone(int i) {
        return i % 2 == 0;
    }

    static boolean hasMobile(int i) {
        return i % 5 == 0;
    }

    static boolean hasAltMail(int i) {
        return i % 10 == 0;
    }

    static String language(int i) {
        return i % 7 == 0 ? "de-DE" : "en-US";
    }

    /** Adds {@code ou=bulk} and the users, unless a previous test class in this JVM already did. */
    public static void seed(LDAPInterface admin) throws LDAPException, LDIFException {
        if (admin.getEntry(BASE) != null) {
            return;
        }
        admin.add(new Entry("dn: " + BASE, "objectClass: top", "objectClass: organizationalUnit", "ou: bulk"));
        for (int i = 0; i < COUNT; i++) {
            List<String> ldif = new ArrayList<>(List.of("dn: uid=" + userName(i) + "," + BASE, "objectClass: top",
                    "objectClass: person", "objectClass: organizationalPerson", "objectClass: inetOrgPerson",
                    "uid: " + userName(i), "cn: " + given(i) + " " + family(i), "sn: " + family(i), "givenName: " + given(i),
                    "displayName: " + given(i) + " " + family(i), "title: " + title(i), "departmentNumber: " + department(i),
                    "employeeNumber: X" + i, "preferredLanguage: " + language(i), "mail: " + userName(i) + "@bulk.example.com"));
            if (hasAltMail(i)) {
                ldif.add("mail: " + userName(i) + "@alt.example.org");
            }
            if (hasPhone(i)) {
                ldif.add(String.format(Locale.ROOT, "telephoneNumber: +1 555 %04d", i));
            }
            if (hasMobile(i)) {
                ldif.add(String.format(Locale.ROOT, "mobile: +1 666 %04d", i));
            }
            admin.add(new Entry(ldif.toArray(String[]::new)));
        }
    }

    /** {@code config/openldap.yaml} with the users' base moved to {@code ou=bulk}. */
    public static MappingConfig mapping(String versionAttribute) throws IOException {
        String yaml = Files.readString(Path.of(System.getProperty("config.dir"), "openldap.yaml"))
                .replace("base: ou=people,dc=example,dc=com", "base: " + BASE)
                .replace("version: entryCSN", "version: " + versionAttribute);
        return MappingLoader.load("openldap.yaml (bulk)", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }
}
