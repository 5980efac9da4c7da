package org.vlbert.data.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vlbert.data.load.IndexRows.ints;
import static org.vlbert.data.load.IndexRows.values;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** DataLoader with group ids (TRAIN.ASPECT_GROUPING): plans, counts, ranks and resume. */
class GroupedDataLoaderTest {
    private static final Collator<Integer> VALUES = (rows, ctx) -> {
        BatchTensor value = ctx.allocate(ElementType.INT64, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            value.data().putLong(i * 8, rows.get(i));
        }
        return Map.of("value", value);
    };

    private static DataLoader<Integer> loader(int[] groups, LoaderOptions options) {
        return new DataLoader<>(ints(groups.length), VALUES, options, groups);
    }

    private static int[] randomGroups(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] g = new int[n];
        for (int i = 0; i < n; i++) {
            g[i] = r.nextInt(4) == 0 ? AspectGroup.PORTRAIT : AspectGroup.LANDSCAPE;
        }
        return g;
    }

    @Test
    void singleRankPlanGroupsTheShuffledOrderAndKeepsEverySampleOnce() {
        int[] groups = randomGroups(50, 1);
        DataLoader<Integer> loader = loader(groups, LoaderOptions.of(4, true, 7));
        for (int epoch = 0; epoch < 3; epoch++) {
            int[] order = ShardedOrder.indices(50, 0, 1, true, 7, epoch);
            int[][] plan = loader.plan(epoch);
            assertArrayEquals(GroupedBatches.of(order, groups, 4), plan);
            assertEquals(plan.length, loader.batchesInEpoch(epoch));
            int[] seen = Arrays.stream(plan).flatMapToInt(Arrays::stream).sorted().toArray();
            int[] sortedOrder = order.clone();
            Arrays.sort(sortedOrder);
            assertArrayEquals(sortedOrder, seen, "the same samples as the plain order, each once");
            for (int[] batch : plan) {
                assertTrue(batch.length <= 4);
                for (int i : batch) {
                    assertEquals(groups[batch[0]], groups[i], "batch " + Arrays.toString(batch) + " mixes groups");
                }
            }
        }
    }

    @Test
    void oneRankSeesEveryGroupWholeSoItsCountIsFixed() {
        int[] groups = randomGroups(50, 1);
        int portrait = Arrays.stream(groups).sum();
        int expected = (portrait + 3) / 4 + (50 - portrait + 3) / 4;
        DataLoader<Integer> loader = loader(groups, LoaderOptions.of(4, true, 7));
        assertEquals(expected, loader.batchesPerEpoch());
        for (int epoch = 0; epoch < 10; epoch++) {
            assertEquals(expected, loader.batchesInEpoch(epoch));
        }
    }

    @Test
    void shardedCountsVaryByEpochAndTheScheduleUsesEpochZeros() {
        int[] groups = randomGroups(48, 1);
        DataLoader<Integer> loader = loader(groups, LoaderOptions.of(4, true, 7).sharded(0, 2));
        assertEquals(loader.plan(0).length, loader.batchesPerEpoch());
        Set<Integer> counts = new HashSet<>();
        for (int epoch = 0; epoch < 20; epoch++) {
            counts.add(loader.batchesInEpoch(epoch));
        }
        // 24 samples per rank in two groups: 6 batches, or 7 when both groups end short on both ranks
        assertEquals(Set.of(6, 7), counts);
    }

    @Test
    void plansArePureFunctionsOfSeedEpochAndRank() {
        int[] groups = randomGroups(40, 2);
        LoaderOptions opts = LoaderOptions.of(3, true, 11).sharded(1, 3);
        assertArrayEquals(loader(groups, opts).plan(5), loader(groups, opts).plan(5));
        assertFalse(Arrays.deepEquals(loader(groups, opts).plan(5), loader(groups, opts).plan(6)));
    }

    @Test
    void ranksRunTheFewestBatchesAnyRankHas() {
        // sequential order, two ranks of 6: rank 0 = 0..5 (groups 0 0 0 1 1 1 -> 4 batches),
        // rank 1 = 6..11 (groups 0 0 1 1 0 0 -> 3 batches), so rank 0 drops its last batch
        int[] groups = {0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 0, 0};
        DataLoader<Integer> rank0 = loader(groups, LoaderOptions.of(2, false, 1).sharded(0, 2));
        DataLoader<Integer> rank1 = loader(groups, LoaderOptions.of(2, false, 1).sharded(1, 2));
        assertArrayEquals(new int[][] {{0, 1}, {2}, {3, 4}}, rank0.plan(0));
        assertArrayEquals(new int[][] {{6, 7}, {8, 9}, {10, 11}}, rank1.plan(0));
        assertEquals(3, rank0.batchesPerEpoch());
        assertEquals(3, rank1.batchesPerEpoch());
    }

    @Test
    void shuffledRanksAgreeOnTheCountInEveryEpoch() {
        int[] groups = randomGroups(101, 3);
        int world = 3;
        for (int epoch = 0; epoch < 10; epoch++) {
            int count = -1;
            int fewest = Integer.MAX_VALUE;
            for (int r = 0; r < world; r++) {
                DataLoader<Integer> l = loader(groups, LoaderOptions.of(4, true, 5).sharded(r, world));
                int[][] full = GroupedBatches.of(ShardedOrder.indices(101, r, world, true, 5, epoch), groups, 4);
                fewest = Math.min(fewest, full.length);
                int[][] plan = l.plan(epoch);
                assertArrayEquals(Arrays.copyOf(full, plan.length), plan, "a prefix of the rank's grouped batches");
                assertTrue(count < 0 || count == plan.length, "rank " + r + " epoch " + epoch);
                count = plan.length;
            }
            assertEquals(fewest, count);
        }
    }

    @Test
    void resumingMidEpochGivesTheSameRemainingBatches() {
        int[] groups = randomGroups(30, 4);
        LoaderOptions opts = LoaderOptions.of(4, true, 2024).withPrefetch(3, 2);
        List<long[]> full = values(loader(groups, opts), LoaderPosition.startOf(3));
        assertEquals(loader(groups, opts).batchesInEpoch(3), full.size());
        List<long[]> resumed = values(loader(groups, opts.withPrefetch(1, 1)), new LoaderPosition(3, 5));
        assertEquals(full.size() - 5, resumed.size());
        for (int i = 0; i < resumed.size(); i++) {
            assertArrayEquals(full.get(i + 5), resumed.get(i), "batch " + (i + 5));
        }
    }

    @Test
    void plainLoadersAreUnchanged() {
        DataLoader<Integer> plain = new DataLoader<>(ints(10), VALUES, LoaderOptions.of(4, false, 1));
        assertFalse(plain.grouped());
        assertEquals(3, plain.batchesPerEpoch());
        assertEquals(3, plain.batchesInEpoch(7));
        assertArrayEquals(new int[][] {{0, 1, 2, 3}, {4, 5, 6, 7}, {8, 9}}, plain.plan(0));
    }

    @Test
    void groupIdsMustCoverTheDataset() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DataLoader<>(ints(10), VALUES, LoaderOptions.of(4, false, 1), new int[9]));
        assertEquals("9 group ids for a dataset of 10", e.getMessage());
    }
}
