package org.scimbridge.bridge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scimbridge.bridge.cli.DemoDirectory;
import org.scimbridge.bridge.ldap.DirectoryFeatures;
import org.scimbridge.bridge.ldap.LdapDirectory;

/** What {@link GroupRefCache} reads, keeps and forgets, on the demo directory (the in-memory server) and a test clock. */
class GroupRefCacheTest {

    private static final String ENGINEERING = "cn=Engineering,ou=groups,dc=example,dc=com";

    private DemoDirectory demo;
    private LDAPConnectionPool pool;
    private final AtomicLong now = new AtomicLong();
    private GroupRefCache cache;

    @BeforeEach
    void start() throws Exception {
        demo = DemoDirectory.start();
        pool = demo.pool(1);
        cache = new GroupRefCache(new LdapDirectory(pool, DirectoryFeatures.detect(pool)),
                DemoDirectory.mapping().groups().orElseThrow(), now::get);
    }

    @AfterEach
    void stop() {
        pool.close();
        demo.server().shutDown(true);
    }

    @Test
    void namesTheMappedGroupsOnlyInTheOrderGiven() throws Exception {
        demo.server().add("dn: cn=elsewhere,dc=example,dc=com", "objectClass: groupOfNames", "cn: elsewhere",
                "member: cn=admin,dc=example,dc=com");
        String entryUuid = demo.server().getEntry(ENGINEERING, "entryUUID").getAttributeValue("entryUUID");
        List<GroupRefCache.KnownGroup> named = cache.groupsNamed(new String[] {"cn=Sales,ou=groups,dc=example,dc=com",
                "not a DN", "cn=elsewhere,dc=example,dc=com", "ou=groups,dc=example,dc=com", ENGINEERING,
                "cn=gone,ou=groups,dc=example,dc=com"});
        assertEquals(List.of("Sales", "Engineering"), named.stream().map(g -> g.ref().displayName()).toList());
        assertEquals(entryUuid, named.get(1).id());
        assertEquals(new DN(ENGINEERING), named.get(1).ref().dn());
        assertEquals(List.of(), cache.groupsNamed(null));
    }

    @Test
    void keepsWhatItReadForAMinuteUnlessTold() throws Exception {
        assertEquals("first", externalIdAfterSetting("first"));
        assertEquals("first", externalIdAfterSetting("second"), "within the minute: remembered");
        now.addAndGet(GroupRefCache.TTL.toNanos());
        assertEquals("second", externalIdAfterSetting("second"), "after it: read again");
        cache.forget(new DN(ENGINEERING.toUpperCase(java.util.Locale.ROOT)));
        assertEquals("third", externalIdAfterSetting("third"), "forgotten: read again, whatever the DN's spelling");
    }

    private String externalIdAfterSetting(String externalId) throws Exception {
        demo.server().modify(ENGINEERING, new Modification(ModificationType.REPLACE, "description", externalId));
        return cache.groupsNamed(new String[] {ENGINEERING}).getFirst().ref().externalId().orElseThrow();
    }
}
