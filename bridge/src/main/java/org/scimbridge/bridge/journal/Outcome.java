package org.scimbridge.bridge.journal;

/** What one attempt at a repair came to; {@code reason} says why for anything but {@link Result#DONE}. */
public record Outcome(Result result, String reason) {

    public enum Result {
        /** Repaired: the record goes. */
        DONE,
        /** Nothing to do, or not ours to do (the entry is gone or is another one now): the record goes, logged. */
        SKIPPED,
        /** The directory cannot be reached: the record stays and the attempt is repeated later. */
        RETRY,
        /** The directory refused the repair for good (access, schema): the record goes, logged as an error. */
        FAILED
    }

    public static Outcome done() {
        return new Outcome(Result.DONE, "-");
    }

    public static Outcome skipped(String reason) {
        return new Outcome(Result.SKIPPED, reason);
    }

    public static Outcome retry(String reason) {
        return new Outcome(Result.RETRY, reason);
    }

    public static Outcome failed(String reason) {
        return new Outcome(Result.FAILED, reason);
    }
}
