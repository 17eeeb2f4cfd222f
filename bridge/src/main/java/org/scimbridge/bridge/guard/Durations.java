package org.scimbridge.bridge.guard;

import java.time.Duration;

/** Durations as the config writes them ({@code 10m}, {@code 2s}, {@code 500ms}), for messages. */
final class Durations {

    private Durations() {
    }

    static String text(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
