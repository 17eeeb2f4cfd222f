package org.scimbridge.bridge.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Tells systemd how the service is doing (sd_notify(3): {@code READY=1}, {@code STATUS=}, {@code STOPPING=1}) when
 * a {@code Type=notify} unit started it, that is when {@code $NOTIFY_SOCKET} is set; otherwise does nothing.
 *
 * <p>The protocol is one datagram on a Unix socket, which Java cannot send: {@code UnixDomainSocketAddress} works with
 * stream channels only, and {@code DatagramChannel.open(StandardProtocolFamily.UNIX)} is unsupported. So the message
 * goes through systemd-notify(1), which the unit allows with {@code NotifyAccess=all}. systemd attributes a message
 * to a unit by the sender's control group and can fail to when the sender has already exited; systemd-notify (since
 * v246) therefore waits until the manager has processed the message (a barrier) before it exits, and
 * {@code --pid} names the JVM, the unit's main process, so the message also says whose readiness it reports.
 */
final class SystemdNotify {

    private static final long TIMEOUT_SECONDS = 15;

    private final Optional<String> socket;
    private final PrintStream messages;

    private SystemdNotify(Optional<String> socket, PrintStream messages) {
        this.socket = socket;
        this.messages = messages;
    }

    /** A notifier for {@code $NOTIFY_SOCKET} in {@code environment}; problems are reported on {@code messages}. */
    static SystemdNotify fromEnvironment(Map<String, String> environment, PrintStream messages) {
        return new SystemdNotify(Optional.ofNullable(environment.get("NOTIFY_SOCKET")).filter(s -> !s.isEmpty()), messages);
    }

    /** The server listens: systemd may start the units ordered after this one, and {@code systemctl start} returns. */
    void ready(String status) {
        send("--ready", "--status=" + status);
    }

    /** A line {@code systemctl status} shows. */
    void status(String status) {
        send("--status=" + status);
    }

    /** A stop began: systemd shows the unit as deactivating while in-flight requests finish. */
    void stopping() {
        send("STOPPING=1", "--status=stopping");
    }

    private void send(String... arguments) {
        if (socket.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("systemd-notify", "--pid=" + ProcessHandle.current().pid()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("NOTIFY_SOCKET", socket.get());
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                messages.println("scim-bridge: systemd-notify " + arguments[0]
                        + " did not finish; systemd may not have heard it");
            } else if (process.exitValue() != 0) {
                messages.println("scim-bridge: systemd-notify " + arguments[0] + " failed (exit " + process.exitValue() + "): "
                        + output);
            }
        } catch (IOException e) {
            messages.println("scim-bridge: cannot run systemd-notify (" + e.getMessage() + "); systemd will not see "
                    + arguments[0]);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
