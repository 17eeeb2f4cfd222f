package org.scimbridge.bridge.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchEntry;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionInfo;
import com.unboundid.ldap.sdk.LDAPConnectionLogger;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ReadOnlySearchRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scimbridge.bridge.config.BridgeConfig.Directory;
import org.scimbridge.bridge.config.BridgeConfig.Secret;

/**
 * The pool's operations are bounded by {@code responseTimeout} through {@link ResponseDeadlines} rather than timed socket
 * reads: against an in-memory directory that answers some searches late, a late answer fails the request in about the
 * timeout and costs only its own connection, a search whose entries keep coming is not cut, and every answered request
 * is forgotten.
 */
class ResponseDeadlinesTest {

    private static final String ADMIN = "cn=admin";
    private static final String SECRET = "secret";
    private static final Duration TIMEOUT = Duration.ofMillis(400);

    /** Searches under ou=slow answer after 5 s; entries under ou=trickle come 150 ms apart. */
    private static final class SlowParts extends InMemoryOperationInterceptor {
        @Override
        public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
            if (request.getRequest().getBaseDN().startsWith("ou=slow")) {
                sleep(5_000);
            }
        }

        @Override
        public void processSearchEntry(InMemoryInterceptedSearchEntry entry) {
            if (entry.getSearchEntry().getDN().endsWith("ou=trickle,dc=example,dc=com")) {
                sleep(150);
            }
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Counts the searches it is told about: the metrics still see every event. */
    private static final class CountingLogger extends LDAPConnectionLogger {
        final AtomicInteger searches = new AtomicInteger();

        @Override
        public void logSearchRequest(LDAPConnectionInfo connection, int messageId, ReadOnlySearchRequest request) {
            searches.incrementAndGet();
        }
    }

    private InMemoryDirectoryServer directory;
    private LDAPConnectionPool pool;
    private final CountingLogger metrics = new CountingLogger();

    @BeforeEach
    void start() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=example,dc=com");
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0, null));
        config.addAdditionalBindCredentials(ADMIN, SECRET);
        config.addInMemoryOperationInterceptor(new SlowParts());
        directory = new InMemoryDirectoryServer(config);
        directory.add("dn: dc=example,dc=com", "objectClass: domain", "dc: example");
        for (String ou : List.of("fast", "slow", "trickle")) {
            directory.add("dn: ou=" + ou + ",dc=example,dc=com", "objectClass: organizationalUnit", "ou: " + ou);
        }
        for (int n = 0; n < 5; n++) {
            directory.add("dn: cn=t" + n + ",ou=trickle,dc=example,dc=com", "objectClass: device", "cn: t" + n);
        }
        directory.startListening();
        pool = LdapPools.create(new Directory(List.of("ldap://127.0.0.1:" + directory.getListenPort()), ADMIN,
                new Secret(SECRET), 2, Duration.ofSeconds(2), TIMEOUT), "deadlines-test", metrics);
    }

    @AfterEach
    void stop() {
        pool.close();
        directory.shutDown(true);
    }

    @Test
    void aLateAnswerFailsTheRequestInAboutTheTimeoutAndClosesOnlyItsConnection() throws Exception {
        LDAPConnection slow = pool.getConnection();
        LDAPConnection fast = pool.getConnection();
        long start = System.nanoTime();
        LDAPException late = assertThrows(LDAPException.class,
                () -> slow.search("ou=slow,dc=example,dc=com", SearchScope.BASE, "(objectClass=*)"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(ResultCode.SERVER_DOWN, late.getResultCode(), late.getMessage());
        assertTrue(took.compareTo(TIMEOUT) >= 0 && took.compareTo(Duration.ofSeconds(3)) < 0,
                "failed after " + took.toMillis() + " ms, timeout " + TIMEOUT.toMillis() + " ms");
        assertTrue(!slow.isConnected(), "the late request's connection is closed");
        assertTrue(fast.isConnected(), "the other connection is untouched");
        assertEquals(1, fast.search("ou=fast,dc=example,dc=com", SearchScope.BASE, "(objectClass=*)").getEntryCount());
        pool.releaseDefunctConnection(slow);
        pool.releaseConnection(fast);
    }

    @Test
    void aSearchWhoseEntriesKeepComingIsNotCutAndAnsweredRequestsAreForgotten() throws Exception {
        // 5 entries 150 ms apart: 750 ms in all, more than the timeout, never 400 ms without news.
        SearchResult trickle = pool.search("ou=trickle,dc=example,dc=com", SearchScope.ONE, "(objectClass=device)");
        assertEquals(5, trickle.getEntryCount());
        for (int i = 0; i < 20; i++) {
            pool.search("ou=fast,dc=example,dc=com", SearchScope.BASE, "(objectClass=*)");
        }
        LDAPConnection any = pool.getConnection();
        ResponseDeadlines deadlines = (ResponseDeadlines) any.getConnectionOptions().getConnectionLogger();
        pool.releaseConnection(any);
        assertEquals(0, deadlines.pending(), "nothing left waiting");
        assertEquals(0, deadlines.closeOverdue(System.nanoTime() + TIMEOUT.toNanos() * 10), "nothing to close");
        assertTrue(metrics.searches.get() >= 21, "the metrics logger saw the searches: " + metrics.searches.get());
    }
}
