package org.vlbert.tasks;

import java.util.List;
import org.vlbert.cli.VlbertException;
import org.vlbert.train.BatchStream;
import org.vlbert.train.TaskMetrics;

/**
 * A task's data plug-in: how the task's Arrow files become batch tensors for its graph (the
 * reference dataset + collate), and which metrics it reports. One generic trainer consumes it;
 * {@code vlbert val} and {@code vlbert test} consume {@link #val}, {@link #test} and the row lists.
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

    /**
     * Test batches, single process: the DATASET.TEST_* split (TEST_IMAGE_SET, TEST_ANNOTATION_FILE,
     * TEST_BOXES as the task uses them) in dataset order, TEST.BATCH_IMAGES per batch (the last one
     * may be shorter), TEST.FLIP_PROB, no labels (the reference's test mode). For VCR QA→R,
     * {@code question} is [B, 4, Lq, 3]: the question followed by answer choice k, for k = 0..3,
     * untruncated (tasks.md §2.2); the test runner feeds each slice k as the model's question.
     */
    default BatchStream test() {
        throw notAvailable("test batches");
    }

    /** The rows of {@link #test()} in the same order (see {@link EvalRow}). */
    default List<EvalRow> testRows() {
        throw notAvailable("the test rows (ids)");
    }

    /** The rows of {@link #val} for a single process, in the same order (see {@link EvalRow}). */
    default List<EvalRow> valRows() {
        throw notAvailable("the validation rows (ids)");
    }

    /** The error of a task whose data plug-in does not provide {@code what} yet. */
    default VlbertException notAvailable(String what) {
        return new VlbertException(what + " are not available for this task's data (" + getClass().getSimpleName()
                + ") yet: 'vlbert val' and 'vlbert test' need its data plug-in to provide them");
    }

    @Override
    void close();
}
