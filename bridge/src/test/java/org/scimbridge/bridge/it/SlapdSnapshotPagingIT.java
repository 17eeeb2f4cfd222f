package org.scimbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.unboundid.ldap.sdk.LDAPConnectionPool;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.scimbridge.bridge.config.BridgeConfig.Paging;
import org.scimbridge.bridge.testing.SlapdServer;

/**
 * The filter and paging scenarios on slapd with {@code paging.strategy: snapshot}, the path directories without a
 * virtual list view take (ApacheDS advertises one but ignores it), so both paths are proven on the same server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlapdSnapshotPagingIT implements FilterPagingScenarios {

    private BridgeHarness bulkBridge;

    @BeforeAll
    void start() throws Exception {
        SlapdServer slapd = SlapdServer.shared();
        BulkUsers.seed(slapd.connect());
        bulkBridge = BridgeHarness.start(new LDAPConnectionPool(slapd.connect(), 4), slapd.connect(), BulkUsers.mapping("entryCSN"),
                new Paging(Paging.Strategy.SNAPSHOT, 200_000, Duration.ofSeconds(60), 300));
    }

    @AfterAll
    void stop() {
        bulkBridge.close();
    }

    /**
     * Concurrent scans on a pool: a paged results cookie belongs to the connection that got it, so each scan must stay
     * on one connection (slapd answered "unwilling to perform" or "protocol error" to cookies sent on another one).
     */
    @Test
    void concurrentScansInSmallPagesEachStayOnTheirConnection() throws Exception {
        SlapdServer slapd = SlapdServer.shared();
        try (BridgeHarness smallPages = BridgeHarness.start(new LDAPConnectionPool(slapd.connect(), 4), slapd.connect(),
                BulkUsers.mapping("entryCSN"), new Paging(Paging.Strategy.SNAPSHOT, 200_000, Duration.ofSeconds(60), 10))) {
            String[] sorts = {"sortBy=userName", "sortBy=userName&sortOrder=descending", "sortBy=name.familyName",
                "sortBy=name.familyName&sortOrder=descending", "sortBy=title", "sortBy=title&sortOrder=descending"};
            ExecutorService threads = Executors.newFixedThreadPool(sorts.length);
            try {
                List<Future<BridgeHarness.Response>> answers = new ArrayList<>();
                for (String sort : sorts) {
                    answers.add(threads.submit(() -> smallPages.get("/Users?" + sort + "&startIndex=1901&count=100")));
                }
                for (int i = 0; i < sorts.length; i++) {
                    BridgeHarness.Response response = answers.get(i).get();
                    assertEquals(200, response.status(), sorts[i] + ": " + response.body());
                    assertEquals(BulkUsers.COUNT, response.json().path("totalResults").asInt(), sorts[i]);
                    assertEquals(100, response.json().path("Resources").size(), sorts[i]);
                }
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Override
    public BridgeHarness bulkBridge() {
        return bulkBridge;
    }
}
