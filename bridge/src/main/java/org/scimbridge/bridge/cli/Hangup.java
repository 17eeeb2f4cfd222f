package org.scimbridge.bridge.cli;

import sun.misc.Signal;

/**
 * Runs an action on SIGHUP, the signal {@code systemctl reload} sends ({@code ExecReload=kill -HUP $MAINPID}). Without
 * a handler the JVM treats SIGHUP as a request to exit. {@code sun.misc.Signal} (module jdk.unsupported, exported
 * and readable from the class path without flags) is the JDK's supported way to handle it; nothing newer replaces it.
 */
final class Hangup {

    private Hangup() {
    }

    /** Installs the handler; false when the JVM does not let the process handle SIGHUP (started with -Xrs). */
    static boolean onHangup(Runnable action) {
        try {
            Signal.handle(new Signal("HUP"), signal -> action.run());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
