package org.vlbert.data.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Batches of a {@link Dataset} in the order of {@link ShardedOrder}, collated by a task
 * {@link Collator}, produced ahead of the consumer by background threads. Everything a batch
 * contains is a function of (options, epoch, batch index), so a stream started at a saved
 * {@link LoaderPosition} continues exactly where an interrupted one stopped.
 */
public final class DataLoader<R> {
    private final Dataset<R> data;
    private final Collator<R> collator;
    private final LoaderOptions options;
    private final BufferPool pool;

    public DataLoader(Dataset<R> data, Collator<R> collator, LoaderOptions options) {
        this.data = data;
        this.collator = collator;
        this.options = options;
        // enough buffers for every batch in flight (queued + being built + held by the consumer)
        this.pool = new BufferPool(8 * (options.prefetch() + options.workers() + 2));
    }

    public LoaderOptions options() {
        return options;
    }

    /** Samples this rank sees per epoch (ceil(N / world)). */
    public int samplesPerEpoch() {
        return ShardedOrder.samplesPerRank(data.size(), options.worldSize());
    }

    public int batchesPerEpoch() {
        return (samplesPerEpoch() + options.batchSize() - 1) / options.batchSize();
    }

    /** Dataset indices of every batch of {@code epoch} on this rank. */
    public int[][] plan(int epoch) {
        int[] order = ShardedOrder.indices(data.size(), options.rank(), options.worldSize(), options.shuffle(),
                options.seed(), epoch);
        int b = options.batchSize();
        int[][] batches = new int[batchesPerEpoch()][];
        for (int i = 0; i < batches.length; i++) {
            batches[i] = Arrays.copyOfRange(order, i * b, Math.min(order.length, (i + 1) * b));
        }
        return batches;
    }

    /** Builds one batch synchronously (also what the background threads run). */
    public Batch collate(LoaderPosition position, int[] indices) {
        List<R> rows = new ArrayList<>(indices.length);
        for (int i : indices) {
            rows.add(data.get(i));
        }
        BatchContext ctx = new BatchContext(position, indices, options.seed(), pool);
        try {
            Map<String, BatchTensor> tensors = collator.collate(rows, ctx);
            return new Batch(position, indices, new java.util.LinkedHashMap<>(tensors), ctx.leases(), pool);
        } catch (RuntimeException | Error e) {
            ctx.leases().forEach(pool::release);
            throw e;
        }
    }

    /** The batches of {@code epoch} from its start. */
    public BatchStream stream(int epoch) {
        return stream(LoaderPosition.startOf(epoch));
    }

    /** The batches of {@code from.epoch()} from batch {@code from.batch()} on. */
    public BatchStream stream(LoaderPosition from) {
        int[][] plan = plan(from.epoch());
        if (from.batch() > plan.length) {
            throw new IllegalArgumentException("resume position " + from + " is past the " + plan.length
                    + " batches of the epoch (was the batch size or world size changed?)");
        }
        return new BatchStream(this, from.epoch(), plan, from.batch(), options.prefetch(), options.workers());
    }
}
