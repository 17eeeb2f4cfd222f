package org.scimbridge.bridge.ldap;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.ServerSideSortRequestControl;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import com.unboundid.ldap.sdk.controls.SortKey;

import org.junit.jupiter.api.Test;

/**
 * slapd's sssvlv can answer the next page of a cursor {@code busy} while it still marks the previous page as running
 * (it sends the result first): the page is asked again rather than the cursor given up. Here an in-memory server
 * refuses the first continuations as busy, as slapd does in that window.
 */
class SortedCursorsBusyTest {

    /** Refuses {@code refusals} continuation pages (a paged search with a cookie) as busy. */
    private static final class BusyContinuations extends InMemoryOperationInterceptor {
        final AtomicInteger refusals;

        BusyContinuations(int refusals) {
            this.refusals = new AtomicInteger(refusals);
        }

        @Override
        public void processSearchRequest(InMemoryInterceptedSearchRequest request) throws LDAPException {
            SimplePagedResultsControl paged = (SimplePagedResultsControl) request.getRequest()
                    .getControl(SimplePagedResultsControl.PAGED_RESULTS_OID);
            boolean continuation = paged != null && paged.getCookie() != null && paged.getCookie().getValueLength() > 0;
            if (continuation && refusals.getAndDecrement() > 0) {
                throw new LDAPException(ResultCode.BUSY, "Other sort requests already in progress");
            }
        }
    }

    @Test
    void aContinuationRefusedAsBusyIsAskedAgainAndTheCursorKept() throws Exception {
        assertTrue(walkSecondPageWith(new BusyContinuations(3)), "three busy answers in a row are waited out");
    }

    @Test
    void aContinuationStillBusyAfterThreeRetriesIsLeftToTheVirtualListView() throws Exception {
        assertFalse(walkSecondPageWith(new BusyContinuations(4)), "given up after three retries");
    }

    private static boolean walkSecondPageWith(BusyContinuations interceptor) throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=example,dc=com");
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("loopback", InetAddress.getLoopbackAddress(), 0, null));
        config.addInMemoryOperationInterceptor(interceptor);
        InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
        server.add("dn: dc=example,dc=com", "objectClass: domain", "dc: example");
        for (int n = 0; n < 30; n++) {
            server.add("dn: uid=u" + n + ",dc=example,dc=com", "objectClass: inetOrgPerson", "uid: u" + n, "cn: u" + n, "sn: s");
        }
        server.startListening();
        try (LDAPConnectionPool pool = new LDAPConnectionPool(new LDAPConnection("127.0.0.1", server.getListenPort()), 4)) {
            SortedCursors cursors = new SortedCursors(pool, Duration.ofMinutes(1), SortedCursors.IDLE, 1);
            SearchRequest sorted = new SearchRequest("dc=example,dc=com", SearchScope.ONE,
                    Filter.createEqualityFilter("objectClass", "inetOrgPerson"), "uid");
            sorted.addControl(new ServerSideSortRequestControl(true, new SortKey("uid")));
            assertTrue(cursors.page("walk", 1, 10, sorted).isPresent());
            boolean continued = cursors.page("walk", 11, 10, sorted).isPresent();
            cursors.close();
            return continued;
        } finally {
            server.shutDown(true);
        }
    }
}
