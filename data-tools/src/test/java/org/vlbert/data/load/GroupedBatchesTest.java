package org.vlbert.data.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class GroupedBatchesTest {
    /** Group of dataset index i (indices 1, 4, 5, 7 are portrait). */
    private static final int[] GROUPS = {0, 1, 0, 0, 1, 1, 0, 1, 0, 0};

    @Test
    void chunksPerGroupAreOrderedByTheirFirstSample() {
        int[][] batches = GroupedBatches.of(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, GROUPS, 2);
        assertArrayEquals(new int[][] {{0, 2}, {1, 4}, {3, 6}, {5, 7}, {8, 9}}, batches);
    }

    @Test
    void eachGroupMayEndWithAShortBatchSoThereCanBeMoreThanCeilNOverB() {
        int[] alternating = {0, 1, 0, 1, 0, 1, 0, 1, 0, 1};
        int[][] batches = GroupedBatches.of(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, alternating, 4);
        assertArrayEquals(new int[][] {{0, 2, 4, 6}, {1, 3, 5, 7}, {8}, {9}}, batches);
    }

    @Test
    void aShuffledOrderIsKeptWithinEachGroup() {
        int[][] batches = GroupedBatches.of(new int[] {7, 3, 9, 0, 4, 1}, GROUPS, 2);
        assertArrayEquals(new int[][] {{7, 4}, {3, 9}, {0}, {1}}, batches);
    }

    @Test
    void oneGroupGivesPlainConsecutiveBatches() {
        int[][] batches = GroupedBatches.of(new int[] {5, 3, 8, 0, 2}, new int[10], 2);
        assertArrayEquals(new int[][] {{5, 3}, {8, 0}, {2}}, batches);
    }

    @Test
    void matchesTheReferenceSortFormulationOnRandomOrders() {
        SplittableRandom r = new SplittableRandom(42);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + r.nextInt(60);
            int[] groups = new int[n];
            for (int i = 0; i < n; i++) {
                groups[i] = r.nextInt(3) - 1; // ids need not be 0..g-1
            }
            int[] order = ShardedOrder.indices(n, 0, 1, true, trial, 0);
            int b = 1 + r.nextInt(7);
            int[][] expected = referenceFormulation(order, groups, b);
            int[][] actual = GroupedBatches.of(order, groups, b);
            assertArrayEquals(expected, actual, "n=" + n + " b=" + b + " order=" + Arrays.toString(order));
        }
    }

    /**
     * The sampler's steps spelled out: the samples of each group in sampler order, split into
     * chunks of b, all chunks then sorted by the sampler position of their first sample.
     */
    private static int[][] referenceFormulation(int[] order, int[] groups, int b) {
        int[] position = new int[groups.length];
        for (int p = 0; p < order.length; p++) {
            position[order[p]] = p;
        }
        TreeMap<Integer, List<Integer>> perGroup = new TreeMap<>();
        for (int index : order) {
            perGroup.computeIfAbsent(groups[index], g -> new ArrayList<>()).add(index);
        }
        List<int[]> chunks = new ArrayList<>();
        for (List<Integer> members : perGroup.values()) {
            for (int s = 0; s < members.size(); s += b) {
                chunks.add(members.subList(s, Math.min(members.size(), s + b)).stream().mapToInt(i -> i).toArray());
            }
        }
        chunks.sort(Comparator.comparingInt(c -> position[c[0]]));
        return chunks.toArray(int[][]::new);
    }

    @Test
    void aspectGroupSplitsLandscapeAndSquareFromPortrait() {
        assertEquals(AspectGroup.LANDSCAPE, AspectGroup.of(640, 480));
        assertEquals(AspectGroup.LANDSCAPE, AspectGroup.of(500, 500));
        assertEquals(AspectGroup.PORTRAIT, AspectGroup.of(480, 640));
    }

    @Test
    void rejectsANonPositiveBatchSize() {
        assertThrows(IllegalArgumentException.class, () -> GroupedBatches.of(new int[] {0}, new int[1], 0));
    }
}
