package org.vlbert.data.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShardedOrderTest {
    @Test
    void sequentialOrderIsSplitIntoContiguousSlicesPaddedFromTheStart() {
        assertArrayEquals(new int[] {0, 1, 2, 3}, ShardedOrder.indices(10, 0, 3, false, 1, 0));
        assertArrayEquals(new int[] {4, 5, 6, 7}, ShardedOrder.indices(10, 1, 3, false, 1, 0));
        assertArrayEquals(new int[] {8, 9, 0, 1}, ShardedOrder.indices(10, 2, 3, false, 1, 0));
    }

    @Test
    void shuffledShardsCoverEverySampleOnceAndPadWithTheHeadOfThePermutation() {
        int n = 103;
        int world = 4;
        int[] all = new int[0];
        for (int r = 0; r < world; r++) {
            int[] mine = ShardedOrder.indices(n, r, world, true, 12345, 3);
            assertEquals(26, mine.length);
            all = concat(all, mine);
        }
        assertEquals(104, all.length);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            assertFalse(!seen.add(all[i]), "permutation part has no repeats");
        }
        assertEquals(n, seen.size());
        assertEquals(all[0], all[103], "the one padded slot repeats the first index");
    }

    @Test
    void orderIsAFunctionOfSeedAndEpochOnly() {
        int[] a = ShardedOrder.indices(50, 0, 1, true, 7, 2);
        assertArrayEquals(a, ShardedOrder.indices(50, 0, 1, true, 7, 2));
        assertFalse(Arrays.equals(a, ShardedOrder.indices(50, 0, 1, true, 7, 3)), "new epoch, new order");
        assertFalse(Arrays.equals(a, ShardedOrder.indices(50, 0, 1, true, 8, 2)), "new seed, new order");
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        assertArrayEquals(ShardedOrder.indices(50, 0, 1, false, 7, 2), sorted);
    }

    @Test
    void tinyDatasetsOnLargeWorldsWrapAround() {
        assertArrayEquals(new int[] {0}, ShardedOrder.indices(2, 0, 4, false, 0, 0));
        assertArrayEquals(new int[] {1}, ShardedOrder.indices(2, 1, 4, false, 0, 0));
        assertArrayEquals(new int[] {0}, ShardedOrder.indices(2, 2, 4, false, 0, 0));
        assertArrayEquals(new int[] {1}, ShardedOrder.indices(2, 3, 4, false, 0, 0));
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
