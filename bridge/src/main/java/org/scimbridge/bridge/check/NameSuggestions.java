package org.scimbridge.bridge.check;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean": the closest known name to a misspelt one, by case-insensitive Levenshtein distance. */
final class NameSuggestions {

    /** Farther than this is a different name, not a typo. */
    static final int MAX_DISTANCE = 2;

    private NameSuggestions() {
    }

    /**
     * The candidate closest to {@code name}, if one is at most {@value #MAX_DISTANCE} edits away and the edits change
     * at most half of the name (so "xy" does not suggest "c"). Ties go to the candidate that sorts first.
     */
    static Optional<String> closest(String name, Collection<String> candidates) {
        String lower = name.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(lower, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance || distance == bestDistance && best != null && candidate.compareToIgnoreCase(best) < 0) {
                best = candidate;
                bestDistance = distance;
            }
        }
        boolean close = bestDistance > 0 && bestDistance <= MAX_DISTANCE && bestDistance * 2 <= name.length();
        return close ? Optional.of(best) : Optional.empty();
    }

    /** "; did you mean 'title'?" to append to a message, or nothing. */
    static String didYouMean(String name, Collection<String> candidates) {
        return closest(name, candidates).map(c -> "; did you mean '" + c + "'?").orElse("");
    }

    /** Levenshtein distance: insertions, deletions and substitutions, one each. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
