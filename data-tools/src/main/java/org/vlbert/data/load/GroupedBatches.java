package org.vlbert.data.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Batches that never mix groups, as the reference's {@code GroupedBatchSampler} with
 * {@code drop_uneven=False} (tasks.md §0.4): the sample order is split per group into consecutive
 * chunks of {@code batchSize}, keeping the order within each group, and the chunks are ordered by
 * the position of their first sample. Every group may end with a short chunk, so {@code n} samples
 * in {@code g} groups give between {@code ceil(n / b)} and {@code ceil(n / b) + g - 1} batches.
 */
public final class GroupedBatches {
    private GroupedBatches() {}

    /**
     * @param order     dataset indices in sampler order (one rank's order of one epoch)
     * @param groupOf   group id of every dataset index
     * @param batchSize samples per full batch
     */
    public static int[][] of(int[] order, int[] groupOf, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be ≥ 1, got " + batchSize);
        }
        // A chunk starts when its group has no open chunk or a full one; appending chunks as they
        // start lists them by the position of their first sample, the reference's final sort.
        List<Chunk> chunks = new ArrayList<>();
        Map<Integer, Chunk> open = new HashMap<>();
        for (int index : order) {
            int group = groupOf[index];
            Chunk c = open.get(group);
            if (c == null || c.size == batchSize) {
                c = new Chunk(batchSize);
                chunks.add(c);
                open.put(group, c);
            }
            c.indices[c.size++] = index;
        }
        int[][] batches = new int[chunks.size()][];
        for (int i = 0; i < batches.length; i++) {
            Chunk c = chunks.get(i);
            batches[i] = c.size == batchSize ? c.indices : Arrays.copyOf(c.indices, c.size);
        }
        return batches;
    }

    private static final class Chunk {
        final int[] indices;
        int size;

        Chunk(int capacity) {
            this.indices = new int[capacity];
        }
    }
}
