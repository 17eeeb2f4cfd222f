package org.scimbridge.bridge.ldap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchEntry;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.scimbridge.bridge.testing.ActiveDirectoryLikeServer;

/**
 * {@link RangedValues} against {@link ActiveDirectoryLikeServer} with MaxValRange 10, so an 11-member group is already
 * sliced the way AD slices a 1,501-member one. The first tests prove the fixture answers like AD; the rest, that
 * {@code readAll} puts the slices back together.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RangedValuesIT {

    private static final int MAX_VAL_RANGE = 10;
    private static final int MAX_MEMBER_VALUES_PER_MODIFY = 100;
    private static final int USERS = 2_500;

    private ActiveDirectoryLikeServer server;
    private LDAPConnectionPool pool;
    private final List<String> users = new ArrayList<>();

    @BeforeAll
    void start() throws LDAPException, LDIFException {
        server = ActiveDirectoryLikeServer.start(ActiveDirectoryLikeServer.Options.defaults()
                .maxValRange(MAX_VAL_RANGE).maxMemberValuesPerModify(MAX_MEMBER_VALUES_PER_MODIFY));
        pool = server.connectionPool(2);
        for (int i = 0; i < USERS; i++) {
            String dn = String.format("cn=u%04d,%s", i, ActiveDirectoryLikeServer.PEOPLE_DN);
            pool.add("dn: " + dn, "objectClass: user", "cn: u" + i, "sAMAccountName: u" + i);
            users.add(dn);
        }
        for (int size : new int[] {0, 1, 10, 11, USERS}) {
            AddRequest group = new AddRequest(group(size), List.of(new Attribute("objectClass", "top", "group"),
                    new Attribute("cn", "g" + size)));
            if (size > 0) {
                group.addAttribute(new Attribute("member", members(size)));
            }
            pool.add(group);
        }
    }

    @AfterAll
    void stop() {
        if (pool != null) {
            pool.close();
        }
        if (server != null) {
            server.close();
        }
    }

    // ---- the fixture answers like Active Directory ---------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"member", "*"})
    void aPlainReadOfALargeGroupGetsTheFirstSliceAndNoMemberAttribute(String requested) throws LDAPException {
        for (int size : new int[] {11, USERS}) {
            SearchResultEntry entry = pool.getEntry(group(size), requested);
            assertNull(entry.getAttribute("member"), "no plain member for " + size + " members");
            Attribute slice = entry.getAttribute("member;range=0-9");
            assertNotNull(slice, entry.toLDIFString());
            assertEquals(members(MAX_VAL_RANGE), List.of(slice.getValues()));
        }
    }

    @Test
    void aPlainReadOfAGroupUpToMaxValRangeGetsThePlainAttribute() throws LDAPException {
        assertNull(pool.getEntry(group(0), "member").getAttribute("member"));
        assertEquals(members(1), List.of(pool.getEntry(group(1), "member").getAttributeValues("member")));
        assertEquals(members(10), List.of(pool.getEntry(group(10), "member").getAttributeValues("member")));
    }

    @Test
    void rangeRequestsGetSlicesNamedAsActiveDirectoryNamesThem() throws LDAPException {
        assertSlice(group(USERS), "member;range=10-*", "member;range=10-19", 10, 20);
        assertSlice(group(USERS), "member;range=5-7", "member;range=5-7", 5, 8);
        assertSlice(group(USERS), "member;range=100-500", "member;range=100-109", 100, 110);
        assertSlice(group(USERS), "member;range=2490-*", "member;range=2490-*", 2490, USERS);
        assertSlice(group(11), "member;range=10-*", "member;range=10-*", 10, 11);
        assertSlice(group(11), "member;range=0-10", "member;range=0-9", 0, 10);
        assertSlice(group(1), "member;range=0-*", "member;range=0-*", 0, 1);
        assertSlice(group(10), "Member;Range=0-9", "member;range=0-*", 0, 10);
    }

    @Test
    void aRangeStartingPastTheLastValueGetsNoMemberAttribute() throws LDAPException {
        SearchResultEntry entry = pool.getEntry(group(11), "member;range=11-*");
        assertTrue(entry.getAttributes().stream().noneMatch(a -> a.getBaseName().equalsIgnoreCase("member")),
                entry.toLDIFString());
    }

    @Test
    void addingAUserOrGroupSetsObjectGuidTimestampsAndUsn() throws LDAPException {
        SearchResultEntry user = pool.getEntry(users.get(0), "*");
        assertEquals(16, user.getAttributeValueBytes("objectGUID").length);
        assertTrue(user.getAttributeValue("whenCreated").matches("\\d{14}\\.0Z"), user.getAttributeValue("whenCreated"));
        assertEquals(user.getAttributeValue("whenCreated"), user.getAttributeValue("whenChanged"));
        assertTrue(user.getAttributeValueAsLong("uSNChanged") > 0);
        assertEquals(ActiveDirectoryLikeServer.GLOBAL_SECURITY_GROUP,
                pool.getEntry(group(0), "groupType").getAttributeValueAsInteger("groupType"));
    }

    @Test
    void objectGuidsAreDistinct() throws LDAPException {
        byte[] first = pool.getEntry(users.get(0), "objectGUID").getAttributeValueBytes("objectGUID");
        byte[] second = pool.getEntry(users.get(1), "objectGUID").getAttributeValueBytes("objectGUID");
        assertFalse(Arrays.equals(first, second));
    }

    @Test
    void aModifyRaisesUsnChangedAndKeepsObjectGuid() throws LDAPException {
        String dn = users.get(2);
        SearchResultEntry before = pool.getEntry(dn, "objectGUID", "uSNChanged", "whenChanged");
        pool.modify(dn, new Modification(ModificationType.REPLACE, "title", "Engineer"));
        SearchResultEntry after = pool.getEntry(dn, "objectGUID", "uSNChanged", "whenChanged");
        assertTrue(after.getAttributeValueAsLong("uSNChanged") > before.getAttributeValueAsLong("uSNChanged"));
        assertEquals(server.highestCommittedUsn(), after.getAttributeValueAsLong("uSNChanged"));
        assertTrue(after.getAttributeValue("whenChanged").compareTo(before.getAttributeValue("whenChanged")) >= 0);
        assertArrayEquals(before.getAttributeValueBytes("objectGUID"), after.getAttributeValueBytes("objectGUID"));
    }

    @Test
    void aModifyWithMoreMemberValuesThanTheLimitFailsWithAdminLimitExceeded() throws LDAPException, LDIFException {
        String dn = "cn=limit," + ActiveDirectoryLikeServer.GROUPS_DN;
        pool.add("dn: " + dn, "objectClass: group", "cn: limit");
        long usn = pool.getEntry(dn, "uSNChanged").getAttributeValueAsLong("uSNChanged");
        List<String> tooMany = users.subList(0, MAX_MEMBER_VALUES_PER_MODIFY + 1);

        LDAPException refused = assertThrows(LDAPException.class, () -> pool.modify(dn,
                new Modification(ModificationType.ADD, "member", tooMany.toArray(String[]::new))));

        assertEquals(ResultCode.ADMIN_LIMIT_EXCEEDED, refused.getResultCode());
        SearchResultEntry unchanged = pool.getEntry(dn, "member", "uSNChanged");
        assertNull(unchanged.getAttribute("member"));
        assertEquals(usn, unchanged.getAttributeValueAsLong("uSNChanged"));
        pool.modify(dn, new Modification(ModificationType.ADD, "member",
                users.subList(0, MAX_MEMBER_VALUES_PER_MODIFY).toArray(String[]::new)));
        assertEquals(MAX_MEMBER_VALUES_PER_MODIFY, RangedValues.readAll(pool, dn, "member").size());
    }

    @Test
    void memberOfCannotBeWrittenAndUnicodePwdCannotBeRead() throws LDAPException {
        LDAPException refused = assertThrows(LDAPException.class, () -> pool.modify(users.get(3),
                new Modification(ModificationType.ADD, "memberOf", group(1))));
        assertEquals(ResultCode.UNWILLING_TO_PERFORM, refused.getResultCode());
        byte[] quotedUtf16Password = "\"Secret1!\"".getBytes(StandardCharsets.UTF_16LE); // the form AD accepts
        pool.modify(users.get(3), new Modification(ModificationType.REPLACE, "unicodePwd", quotedUtf16Password));
        assertNull(pool.getEntry(users.get(3), "*", "unicodePwd").getAttribute("unicodePwd"));
        assertNotNull(server.directory().getEntry(users.get(3)).getAttribute("unicodePwd"));
    }

    // ---- RangedValues ------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 10, 11, USERS})
    void readAllReturnsEveryMemberInOrder(int size) throws LDAPException {
        assertEquals(members(size), RangedValues.readAll(pool, group(size), "member"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 10, 11, USERS})
    void isRangedOnlyWhenTheDirectorySlicedTheAttribute(int size) throws LDAPException {
        SearchResultEntry entry = pool.getEntry(group(size), "member");
        assertEquals(size > MAX_VAL_RANGE, RangedValues.isRanged(entry, "member"));
        assertEquals(size > MAX_VAL_RANGE, RangedValues.isRanged(entry, "MEMBER"));
        assertFalse(RangedValues.isRanged(entry, "cn"));
    }

    @Test
    void firstSliceIsTheRangedAttributeTheDirectoryReturned() throws LDAPException {
        Attribute slice = RangedValues.firstSlice(pool.getEntry(group(USERS), "member"), "member").orElseThrow();
        assertEquals("member;range=0-9", slice.getName());
        assertEquals(members(MAX_VAL_RANGE), List.of(slice.getValues()));
        assertTrue(RangedValues.firstSlice(pool.getEntry(group(10), "member"), "member").isEmpty());
    }

    @Test
    void readAllOfAMissingEntryIsNoSuchObject() {
        LDAPException e = assertThrows(LDAPException.class,
                () -> RangedValues.readAll(pool, "cn=nobody," + ActiveDirectoryLikeServer.GROUPS_DN, "member"));
        assertEquals(ResultCode.NO_SUCH_OBJECT, e.getResultCode());
    }

    /** A group that shrinks between two slices: the second slice is gone, and a partial list must not pass for all. */
    @Test
    void readAllFailsWhenTheNextSliceIsMissing() throws LDAPException {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(ActiveDirectoryLikeServer.BASE_DN);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("loopback", InetAddress.getLoopbackAddress(), 0, null));
        config.addInMemoryOperationInterceptor(new InMemoryOperationInterceptor() {
            @Override
            public void processSearchEntry(InMemoryInterceptedSearchEntry result) {
                Entry shrunk = new Entry(result.getSearchEntry().getDN());
                if (result.getRequest().getAttributeList().contains("member")) {
                    shrunk.addAttribute("member;range=0-1", users.get(0), users.get(1));
                }
                result.setSearchEntry(shrunk);
            }
        });
        InMemoryDirectoryServer shrinking = new InMemoryDirectoryServer(config);
        shrinking.add(new Entry(ActiveDirectoryLikeServer.BASE_DN, new Attribute("objectClass", "domain"),
                new Attribute("dc", "ad")));
        shrinking.startListening();
        try (LDAPConnection connection = shrinking.getConnection()) {
            LDAPException e = assertThrows(LDAPException.class,
                    () -> RangedValues.readAll(connection, ActiveDirectoryLikeServer.BASE_DN, "member"));
            assertEquals(ResultCode.LOCAL_ERROR, e.getResultCode());
            assertTrue(e.getMessage().contains("no member slice from 2 after 2 values"), e.getMessage());
        } finally {
            shrinking.shutDown(true);
        }
    }

    @Test
    void anAttributeNameWithOptionsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> RangedValues.readAll(pool, group(1), "member;range=0-*"));
    }

    private void assertSlice(String dn, String requested, String returnedName, int from, int to) throws LDAPException {
        SearchResultEntry entry = pool.getEntry(dn, requested);
        List<Attribute> member = entry.getAttributes().stream().filter(a -> a.getBaseName().equalsIgnoreCase("member")).toList();
        assertEquals(1, member.size(), requested + " -> " + entry.toLDIFString());
        assertEquals(returnedName, member.getFirst().getName(), requested);
        assertEquals(users.subList(from, to), List.of(member.getFirst().getValues()), requested);
    }

    private static String group(int size) {
        return "cn=g" + size + "," + ActiveDirectoryLikeServer.GROUPS_DN;
    }

    private List<String> members(int size) {
        return IntStream.range(0, size).mapToObj(users::get).toList();
    }
}
