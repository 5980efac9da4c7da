package org.vlbert.data.load;

import java.util.SplittableRandom;

/**
 * The sample order of one rank in one epoch, as the reference's {@code DistributedSampler}
 * (training.md §9.3): {@code num_samples = ceil(N / world)}, a permutation (seeded by seed and
 * epoch) or {@code 0..N-1}, padded to {@code num_samples × world} by repeating indices from its
 * start, and the <em>contiguous</em> slice {@code [rank × num_samples, (rank+1) × num_samples)}.
 * Every sample is therefore seen at least once per epoch across ranks, the first few twice when
 * N is not a multiple of the world size. With world = 1 this is a plain (shuffled) pass.
 */
public final class ShardedOrder {
    private ShardedOrder() {}

    public static int samplesPerRank(int n, int world) {
        return (n + world - 1) / world;
    }

    public static int[] indices(int n, int rank, int world, boolean shuffle, long seed, int epoch) {
        if (world < 1 || rank < 0 || rank >= world) {
            throw new IllegalArgumentException("rank " + rank + " outside world of size " + world);
        }
        int perRank = samplesPerRank(n, world);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffle) {
            SplittableRandom r = new SplittableRandom(Seeds.mix(seed, epoch));
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        int[] mine = new int[perRank];
        for (int k = 0; k < perRank; k++) {
            // padded position p ≥ n wraps to the start of the list (the reference appends its head)
            mine[k] = order[(rank * perRank + k) % n];
        }
        return mine;
    }
}
