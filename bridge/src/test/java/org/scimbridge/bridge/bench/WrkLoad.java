package org.scimbridge.bridge.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP load generator of every bridge row: {@code wrk} (Debian package), one thread per connection, with
 * {@code bench/wrk/scim.lua} choosing the request. Its CPU comes from the shell's {@code times} after it exits, so the
 * report can say what the IdP's side cost on the shared cores.
 */
final class WrkLoad {

    private final Path script;
    private final String baseUrl;
    private final String token;

    WrkLoad(Path script, String baseUrl, String token) {
        this.script = script;
        this.baseUrl = baseUrl;
        this.token = token;
    }

    static void requireInstalled() {
        try {
            Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("wrk is missing: apt-get install wrk");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Measurement run(int clients, Duration length, String unit, String mode, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "-c", "wrk \"$@\"; status=$?; times; exit $status", "wrk",
                "-t", Integer.toString(clients), "-c", Integer.toString(clients), "-d", length.toSeconds() + "s",
                "--timeout", "30s", "-s", script.toString(), baseUrl, "--", mode, token));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("wrk failed:\n" + out);
        }
        Map<String, Long> result = new HashMap<>();
        String[] lines = out.split("\n");
        for (String line : lines) {
            if (line.startsWith("RESULT ")) {
                for (String pair : line.substring(7).strip().split(" ")) {
                    String[] kv = pair.split("=");
                    result.put(kv[0], Long.parseLong(kv[1]));
                }
            }
        }
        if (result.isEmpty()) {
            throw new IllegalStateException("wrk printed no RESULT line:\n" + out);
        }
        long errors = result.get("connect") + result.get("read") + result.get("write") + result.get("timeout")
                + result.get("status");
        return new Measurement(result.get("requests"), result.get("micros") / 1e6, result.get("p50"), result.get("p99"),
                errors, childCpuNanos(lines[lines.length - 1]), 0, 0, 0, unit);
    }

    /** The second line of bash's {@code times}: user and system time of its children, e.g. {@code 0m1.234s 0m0.567s}. */
    private static long childCpuNanos(String timesLine) {
        long nanos = 0;
        for (String part : timesLine.strip().split(" ")) {
            int m = part.indexOf('m');
            nanos += (long) ((Long.parseLong(part.substring(0, m)) * 60 + Double.parseDouble(part.substring(m + 1,
                    part.length() - 1))) * 1e9);
        }
        return nanos;
    }
}
