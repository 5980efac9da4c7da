package org.vlbert.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Picks the candidate closest to a misspelt name (case-insensitive edit distance). */
final class Suggestions {
    private Suggestions() {}

    /** The closest candidate; ties go to the earlier candidate. Empty only if there are none. */
    static Optional<String> closest(String wrong, Collection<String> candidates) {
        String w = wrong.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(w, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The closest candidate if it is plausibly a typo (at most a third of the characters differ). */
    static Optional<String> plausible(String wrong, Collection<String> candidates) {
        return closest(wrong, candidates).filter(c -> distance(
                wrong.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT)) <= Math.max(1, wrong.length() / 3));
    }

    /** Levenshtein distance. */
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
