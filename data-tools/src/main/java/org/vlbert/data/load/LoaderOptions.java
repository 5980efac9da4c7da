package org.vlbert.data.load;

/**
 * @param batchSize  rows per batch (the last batch of an epoch may be shorter: drop_last=False)
 * @param shuffle    permute the order each epoch (seeded by seed and epoch)
 * @param seed       run seed: order and per-row augmentation are functions of (seed, epoch, index)
 * @param rank       this process's rank
 * @param worldSize  number of processes sharing the data
 * @param prefetch   batches prepared ahead (bounded queue)
 * @param workers    background threads collating batches in parallel (delivery stays in order)
 */
public record LoaderOptions(int batchSize, boolean shuffle, long seed, int rank, int worldSize, int prefetch,
                            int workers) {
    public LoaderOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be ≥ 1, got " + batchSize);
        }
        if (worldSize < 1 || rank < 0 || rank >= worldSize) {
            throw new IllegalArgumentException("rank " + rank + " outside world of size " + worldSize);
        }
        if (prefetch < 1 || workers < 1) {
            throw new IllegalArgumentException("prefetch and workers must be ≥ 1");
        }
    }

    /** Single process, one worker, 2 batches ahead. */
    public static LoaderOptions of(int batchSize, boolean shuffle, long seed) {
        return new LoaderOptions(batchSize, shuffle, seed, 0, 1, 2, 1);
    }

    public LoaderOptions sharded(int rank, int worldSize) {
        return new LoaderOptions(batchSize, shuffle, seed, rank, worldSize, prefetch, workers);
    }

    public LoaderOptions withPrefetch(int batches, int threads) {
        return new LoaderOptions(batchSize, shuffle, seed, rank, worldSize, batches, threads);
    }
}
