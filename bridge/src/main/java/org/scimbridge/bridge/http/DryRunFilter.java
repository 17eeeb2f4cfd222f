package org.scimbridge.bridge.http;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import org.scimbridge.bridge.audit.AuditEvent;
import org.scimbridge.bridge.ldap.DryRun;

/**
 * In dry-run mode, marks each SCIM request's audit record as dry-run and hands it the LDAP writes the directory layer
 * describes instead of sending. Runs after {@link ScimRequestFilter}, which put the audit event into the context.
 */
public final class DryRunFilter implements Filter {

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        AuditEvent event = req.context().get(AuditEvent.class).orElse(null);
        if (event == null) {
            chain.proceed();
            return;
        }
        event.dryRun();
        DryRun.collect(event::wouldWrite, chain::proceed);
    }
}
