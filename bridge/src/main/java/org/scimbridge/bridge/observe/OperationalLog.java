package org.scimbridge.bridge.observe;

import java.io.PrintStream;

import com.unboundid.util.Debug;

/**
 * Keeps secrets out of the operational log (JUL on standard error; the audit log is a separate sink). The bridge's own
 * messages name requests by id and never carry a token, a password or a request body; Helidon redacts the
 * {@code Authorization} header even at its finest levels; {@code logging.properties} keeps both libraries at WARNING.
 * One switch would undo that: UnboundID's debug logging, which a system property turns on and which writes every LDAP
 * request, a password modify request's new password included, at its own level whatever {@code logging.properties}
 * says. {@code serve} turns it off.
 */
public final class OperationalLog {

    private OperationalLog() {
    }

    /** Switches UnboundID's debug logging off, saying so on {@code messages} if something had switched it on. */
    public static void secure(PrintStream messages) {
        if (Debug.debugEnabled()) {
            Debug.setEnabled(false);
            messages.println("scim-bridge: UnboundID debug logging (" + Debug.PROPERTY_DEBUG_ENABLED + ") is switched off:"
                    + " it would write passwords to the log");
        }
    }
}
