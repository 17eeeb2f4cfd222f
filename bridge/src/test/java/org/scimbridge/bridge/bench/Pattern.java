package org.scimbridge.bridge.bench;

/**
 * The order in which a phase adds and removes the outsiders' values; every phase runs whole periods, so each ends with
 * the group as it began.
 */
enum Pattern {
    /** add o0, remove o0, add o1, remove o1, ...: one member added and removed, as the issue describes it. */
    ALTERNATE(2),
    /**
     * add o0 .. o9, then remove o0 .. o9: an IdP assigning several users in a row and unassigning them later. Consecutive
     * adds meet a group without the placeholder value, which the alternation never does.
     */
    RUNS(2 * Population.OUTSIDERS);

    private final int period;

    Pattern(int period) {
        this.period = period;
    }

    /** Operations per period; a phase ends on a period boundary. */
    int period() {
        return period;
    }

    boolean isAdd(int index) {
        return index % period < period / 2;
    }

    /** Which outsider operation {@code index} adds or removes. */
    int outsider(int index) {
        return this == ALTERNATE ? (index / 2) % Population.OUTSIDERS : index % Population.OUTSIDERS;
    }
}
