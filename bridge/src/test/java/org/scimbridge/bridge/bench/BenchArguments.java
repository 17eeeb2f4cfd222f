package org.scimbridge.bridge.bench;

/** Option values of the benchmarks' command lines, with the option named when one is missing or out of range. */
final class BenchArguments {

    private BenchArguments() {
    }

    static String required(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    static int positive(String option, String value) {
        int n = Integer.parseInt(required(option, value));
        if (n <= 0) {
            throw new IllegalArgumentException(option + " must be positive");
        }
        return n;
    }
}
