package org.scimbridge.bridge.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import com.unboundid.ldap.sdk.DisconnectType;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.ResultCode;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LdapMetricsTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final LdapMetrics metrics = new LdapMetrics(registry);
    /** Never connected: the logger only needs its connection id. */
    private final LDAPConnection connection = new LDAPConnection();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0, success", "32, noSuchObject", "68, entryAlreadyExists", "21, invalidAttributeSyntax", "122, assertionFailed",
            "81, serverDown", "85, timeout", "91, connectError"})
    void resultCodesBecomeTheirRfcNamesWithoutSpaces(int code, String label) {
        assertEquals(label, LdapMetrics.label(ResultCode.valueOf(code)));
    }

    @Test
    void aResultIsTimedUnderItsOperationAndResultCode() {
        metrics.logModifyRequest(connection, 7, null);
        metrics.logModifyResult(connection, 7, new LDAPResult(7, ResultCode.NO_SUCH_OBJECT));
        assertEquals(1, timer("modify", "noSuchObject").count());
        assertEquals(0, timer("modify", "success").count());
    }

    @Test
    void everyOperationHasASuccessSeriesBeforeItsFirstUse() {
        for (String op : List.of("bind", "search", "modify", "add", "delete", "modifyDN", "compare", "extended")) {
            assertEquals(0, timer(op, "success").count(), op);
        }
    }

    @Test
    void aRequestLeftUnansweredIsForgottenWhenItsConnectionCloses() {
        metrics.logSearchRequest(connection, 1, null);
        assertEquals(1.0, inFlight());
        metrics.logDisconnect(connection, "127.0.0.1", 389, DisconnectType.IO_ERROR, null, null);
        assertEquals(0.0, inFlight());
    }

    @Test
    void aResultWithoutAKnownRequestIsNotTimed() {
        metrics.logDeleteResult(connection, 99, new LDAPResult(99, ResultCode.SUCCESS));
        assertEquals(0, timer("delete", "success").count());
    }

    private Timer timer(String op, String result) {
        Timer timer = registry.find(LdapMetrics.OPERATIONS).tags("op", op, "result", result).timer();
        if (timer == null) {
            throw new AssertionError("no timer " + op + " " + result);
        }
        return timer;
    }

    private double inFlight() {
        return registry.get("scim_bridge_ldap_operations_in_flight").gauge().value();
    }
}
