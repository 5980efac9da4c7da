package org.vlbert.data.load;

/**
 * A random-access collection of rows: the only thing samplers, loaders and collators need to know
 * about a data file. Implementations must allow concurrent {@link #get} calls.
 */
public interface Dataset<R> {
    /** Number of rows. */
    int size();

    /** Row {@code index} (0 ≤ index &lt; size). */
    R get(int index);
}
