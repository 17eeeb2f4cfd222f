package org.scimbridge.bridge.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Runs an action on SIGHUP, the signal {@code systemctl reload} sends ({@code ExecReload=kill -HUP $MAINPID}). Without
 * a handler the JVM treats SIGHUP as a request to exit. {@code sun.misc.Signal} (module jdk.unsupported, exported
 * and readable from the class path without flags) is the JDK's supported way to handle it; nothing newer replaces it.
 */
final class Hangup {

    private Hangup() {
    }

    /**
     * Installs the handler; false when the process cannot handle SIGHUP: the JVM was started with {@code -Xrs}, or the
     * process that started it ignored SIGHUP ({@code nohup}, some init scripts). An ignored signal stays ignored in
     * every child (POSIX exec), and the JVM then installs nothing, silently: {@code handle} only answers
     * {@code SIG_IGN}, and a SIGHUP would be dropped.
     */
    static boolean onHangup(Runnable action) {
        try {
            SignalHandler previous = Signal.handle(new Signal("HUP"), signal -> action.run());
            return previous != SignalHandler.SIG_IGN;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
