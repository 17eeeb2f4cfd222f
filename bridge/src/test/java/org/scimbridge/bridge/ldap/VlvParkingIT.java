package org.scimbridge.bridge.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.ServerSideSortRequestControl;
import com.unboundid.ldap.sdk.controls.SortKey;
import com.unboundid.ldap.sdk.controls.VirtualListViewRequestControl;
import com.unboundid.ldap.sdk.controls.VirtualListViewResponseControl;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.scimbridge.bridge.testing.SlapdServer;

/**
 * A walk's next page goes to the connection that keeps its sort (slapd's sssvlv keeps a VLV sort on the connection that
 * asked for it), even while other requests hold every other pooled connection; the set-aside connection goes back to
 * the pool on close; and sorts kept on idle connections do not leave a page refused at slapd's cap.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VlvParkingIT {

    private static final List<String> UIDS = List.of("p1", "p2", "p3");

    private final SlapdServer slapd = SlapdServer.shared();
    private DN folder;

    @BeforeAll
    void seed() throws Exception {
        folder = new DN(new RDN("ou", "vlv-parking-" + UUID.randomUUID()), new DN(SlapdServer.BASE_DN));
        try (LDAPConnection admin = slapd.connect()) {
            admin.add(folder.toString(), List.of(new Attribute("objectClass", "organizationalUnit")));
            for (String uid : UIDS) {
                admin.add("dn: uid=" + uid + "," + folder, "objectClass: inetOrgPerson", "uid: " + uid, "cn: " + uid,
                        "sn: " + uid);
            }
        }
    }

    @AfterAll
    void removeSeeded() throws Exception {
        try (LDAPConnection admin = slapd.connect()) {
            for (String uid : UIDS) {
                admin.delete("uid=" + uid + "," + folder);
            }
            admin.delete(folder.toString());
        }
    }

    @Test
    void theNextPageOfAWalkContinuesTheSortKeptOnItsConnection() throws Exception {
        try (LDAPConnectionPool pool = new LDAPConnectionPool(slapd.connect(), 4)) {
            VlvSearches vlv = new VlvSearches(pool, Duration.ofMinutes(1));
            List<ASN1OctetString> contextsSent = new ArrayList<>();
            page(vlv, 1, contextsSent);
            assertNull(contextsSent.get(0), "a new walk starts without a context");
            // Other requests hold every connection left in the pool while the walk's next page comes.
            List<LDAPConnection> held = new ArrayList<>();
            for (int i = pool.getCurrentAvailableConnections(); i > 0; i--) {
                held.add(pool.getConnection());
            }
            page(vlv, 2, contextsSent);
            assertNotNull(contextsSent.get(1), "the second page continues the sort kept by the first page's connection");
            held.forEach(pool::releaseConnection);
            int available = pool.getCurrentAvailableConnections();
            vlv.close();
            assertEquals(available + 1, pool.getCurrentAvailableConnections(), "close gives the set-aside connection back");
        }
    }

    /** A pool of fewer than four connections sets none aside: the other requests would be left too few, or none. */
    @Test
    void aPoolOfOneKeepsItsConnectionForEveryRequest() throws Exception {
        try (LDAPConnectionPool pool = new LDAPConnectionPool(slapd.connect(), 1)) {
            VlvSearches vlv = new VlvSearches(pool, Duration.ofMinutes(1));
            page(vlv, 1, new ArrayList<>());
            assertEquals(1, pool.getCurrentAvailableConnections(), "the only connection went back to the pool");
            vlv.close();
        }
    }

    /**
     * The connections the pool holds for sorted cursors ({@code paging.maxCursors}) do not count: a pool of 3 configured
     * connections plus 4 for cursors sets none aside for VLV walks, as a pool of 3 would not.
     */
    @Test
    void theCursorsConnectionsDoNotCountTowardsTheQuarterSetAside() throws Exception {
        try (LDAPConnectionPool pool = new LDAPConnectionPool(slapd.connect(), 1, 3 + 4)) {
            VlvSearches vlv = new VlvSearches(pool, Duration.ofMinutes(1), 4);
            int available = pool.getCurrentAvailableConnections();
            page(vlv, 1, new ArrayList<>());
            assertEquals(available, pool.getCurrentAvailableConnections(), "the walk's connection went back to the pool");
            vlv.close();
        }
        try (LDAPConnectionPool pool = new LDAPConnectionPool(slapd.connect(), 1, 3 + 4)) {
            VlvSearches vlv = new VlvSearches(pool, Duration.ofMinutes(1), 0);
            int available = pool.getCurrentAvailableConnections();
            page(vlv, 1, new ArrayList<>());
            assertEquals(available - 1, pool.getCurrentAvailableConnections(), "a pool of 7 sets one aside");
            vlv.close();
        }
    }

    /**
     * Sorts kept on the pool's idle connections fill slapd's cap across all connections (olcSssVlvMax): a fresh
     * connection is refused as busy too, so the idle ones are closed, which frees their sorts, and the page is answered.
     */
    @Test
    void sortsKeptOnIdleConnectionsAtTheDirectorysCapAreFreed() throws Exception {
        // Room for the shared instance's cap at four kept sorts per connection, and one more.
        int connections = SlapdServer.SHARED_SORT_CAP / 4 + 2;
        try (LDAPConnectionPool pool = new LDAPConnectionPool(slapd.connect(), connections)) {
            VlvSearches vlv = new VlvSearches(pool, Duration.ofMinutes(1));
            // Fill the cap with sorts kept on the pool's own connections, four per connection (under the
            // per-connection cap), then hand them back to the pool idle, after one that keeps none: the pool hands
            // that one out first, so replacing it frees nothing.
            LDAPConnection keepsNone = pool.getConnection();
            List<LDAPConnection> taken = new ArrayList<>();
            boolean full = false;
            for (int c = 0; c < connections - 1 && !full; c++) {
                LDAPConnection connection = pool.getConnection();
                taken.add(connection);
                for (int sort = 0; sort < 4 && !full; sort++) {
                    try {
                        connection.search(vlvRequest(1, null));
                    } catch (LDAPSearchException e) {
                        assertEquals(ResultCode.BUSY, e.getResultCode(), e.getMessage());
                        full = true;
                    }
                }
            }
            assertTrue(full, "slapd's cap on kept sorts reached");
            pool.releaseConnection(keepsNone);
            taken.forEach(pool::releaseConnection);
            page(vlv, 1, new ArrayList<>());
            vlv.close();
        }
    }

    private SearchRequest vlvRequest(int offset, ASN1OctetString context) {
        SearchRequest request = new SearchRequest(folder.toString(), SearchScope.ONE,
                Filter.createEqualityFilter("objectClass", "inetOrgPerson"), "uid");
        request.addControl(new ServerSideSortRequestControl(new SortKey("uid", "caseIgnoreOrderingMatch", false)));
        request.addControl(new VirtualListViewRequestControl(offset, 0, 0, 0, context, true));
        return request;
    }

    private void page(VlvSearches vlv, int offset, List<ASN1OctetString> contextsSent) throws Exception {
        var result = vlv.search("walk", context -> {
            contextsSent.add(context);
            return vlvRequest(offset, context);
        });
        VirtualListViewResponseControl response = VirtualListViewResponseControl.get(result);
        assertNotNull(response, "slapd answers with a VLV response");
        assertEquals("p" + offset, result.getSearchEntries().getFirst().getAttributeValue("uid"));
    }
}
