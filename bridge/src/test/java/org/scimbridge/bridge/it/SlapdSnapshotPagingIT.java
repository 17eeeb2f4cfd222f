package org.scimbridge.bridge.it;

import java.time.Duration;

import com.unboundid.ldap.sdk.LDAPConnectionPool;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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

    @Override
    public BridgeHarness bulkBridge() {
        return bulkBridge;
    }
}
