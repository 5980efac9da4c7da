package org.vlbert.tasks;

import org.vlbert.train.BatchStream;
import org.vlbert.train.TaskMetrics;

/**
 * A task's data plug-in: how the task's Arrow files become batch tensors for its graph (the
 * reference dataset + collate), and which metrics it reports. One generic trainer consumes it.
 */
public interface TaskData extends AutoCloseable {
    /** Training batches of this rank's shard (shuffled by seed and epoch, training augmentation). */
    BatchStream train(int rank, int worldSize, long seed);

    /** Validation batches (no shuffling or augmentation, labels included). */
    BatchStream val(int rank, int worldSize);

    /** Training metrics (reference CompositeEvalMetric incl. loss loggers). */
    TaskMetrics trainMetrics();

    /** Validation metrics; the host metric selects the best epoch. */
    TaskMetrics valMetrics();

    @Override
    void close();
}
