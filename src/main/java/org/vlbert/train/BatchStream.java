package org.vlbert.train;

import java.util.Iterator;
import java.util.Map;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * The batches of one data split as the trainer consumes them: a fixed number per epoch, in an
 * order that depends only on (seed, epoch), so a run resumed at (epoch, batch) sees exactly the
 * batches the uninterrupted run would have seen.
 */
public interface BatchStream extends AutoCloseable {
    /**
     * The batch count the LR schedule is sized by (the reference's {@code len(train_loader)}). It is
     * also the count of every epoch unless {@link #batchesInEpoch} says otherwise.
     */
    int batchesPerEpoch();

    /**
     * Batches of {@code epoch}: differs from {@link #batchesPerEpoch} only for batches grouped by
     * aspect ratio under distributed training, where each epoch's shards group differently.
     */
    default int batchesInEpoch(int epoch) {
        return batchesPerEpoch();
    }

    /** Samples per batch (for speed reporting). */
    int batchSize();

    /** Batches of {@code epoch} starting at {@code startBatch}. */
    Iterator<Map<String, HostTensor>> epoch(int epoch, int startBatch);

    @Override
    default void close() {
    }
}
