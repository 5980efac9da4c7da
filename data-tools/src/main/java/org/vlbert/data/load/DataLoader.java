package org.vlbert.data.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Batches of a {@link Dataset} in the order of {@link ShardedOrder}, collated by a task
 * {@link Collator}, produced ahead of the consumer by background threads. Everything a batch
 * contains is a function of (options, epoch, batch index), so a stream started at a saved
 * {@link LoaderPosition} continues exactly where an interrupted one stopped.
 *
 * <p>With group ids (TRAIN.ASPECT_GROUPING) batches never mix groups ({@link GroupedBatches}), and
 * the number of batches then varies with the epoch. Under distributed training every rank runs
 * the smallest count of any rank in that epoch (a rank with one batch more drops its last one):
 * the ranks average gradients in lockstep, and the reference, whose ranks would run different
 * counts here, issues mismatched collective calls instead.
 */
public final class DataLoader<R> {
    private final Dataset<R> data;
    private final Collator<R> collator;
    private final LoaderOptions options;
    private final BufferPool pool;
    private final int[] groups;

    /** Plain batches: consecutive slices of the order (the reference's BatchSampler, drop_last=False). */
    public DataLoader(Dataset<R> data, Collator<R> collator, LoaderOptions options) {
        this(data, collator, options, null);
    }

    /**
     * @param groups group id of every dataset index (e.g. {@link AspectGroup}), so that batches never
     *               mix groups; null for plain batches
     */
    public DataLoader(Dataset<R> data, Collator<R> collator, LoaderOptions options, int[] groups) {
        if (groups != null && groups.length != data.size()) {
            throw new IllegalArgumentException(groups.length + " group ids for a dataset of " + data.size());
        }
        this.data = data;
        this.collator = collator;
        this.options = options;
        this.groups = groups == null ? null : groups.clone();
        // enough buffers for every batch in flight (queued + being built + held by the consumer)
        this.pool = new BufferPool(8 * (options.prefetch() + options.workers() + 2));
    }

    public LoaderOptions options() {
        return options;
    }

    /** Whether batches are formed within groups. */
    public boolean grouped() {
        return groups != null;
    }

    /** Samples this rank sees per epoch (ceil(N / world)). */
    public int samplesPerEpoch() {
        return ShardedOrder.samplesPerRank(data.size(), options.worldSize());
    }

    /**
     * The batch count the LR schedule is sized by: the reference's {@code len(train_loader)}, taken
     * before the first epoch. Plain batches: {@code ceil(samplesPerEpoch / batchSize)}, the same
     * every epoch. Grouped: the count of epoch 0 (the grouped sampler's length is that of the plan
     * it prepares at the call, and the distributed sampler is still at epoch 0 then, also when a run
     * resumes later), so resumed and uninterrupted runs size the schedule alike.
     */
    public int batchesPerEpoch() {
        return groups == null ? plainBatches() : batchesInEpoch(0);
    }

    /** Batches this rank runs in {@code epoch} ({@code plan(epoch).length}). */
    public int batchesInEpoch(int epoch) {
        return groups == null ? plainBatches() : plan(epoch).length;
    }

    private int plainBatches() {
        return (samplesPerEpoch() + options.batchSize() - 1) / options.batchSize();
    }

    /** Dataset indices of every batch of {@code epoch} on this rank. */
    public int[][] plan(int epoch) {
        int[] order = order(options.rank(), epoch);
        if (groups != null) {
            return groupedPlan(order, epoch);
        }
        int b = options.batchSize();
        int[][] batches = new int[plainBatches()][];
        for (int i = 0; i < batches.length; i++) {
            batches[i] = Arrays.copyOfRange(order, i * b, Math.min(order.length, (i + 1) * b));
        }
        return batches;
    }

    private int[] order(int rank, int epoch) {
        return ShardedOrder.indices(data.size(), rank, options.worldSize(), options.shuffle(), options.seed(), epoch);
    }

    /** This rank's grouped batches, cut to the fewest any rank has in this epoch. */
    private int[][] groupedPlan(int[] order, int epoch) {
        int[][] mine = GroupedBatches.of(order, groups, options.batchSize());
        int common = mine.length;
        for (int r = 0; r < options.worldSize(); r++) {
            if (r != options.rank()) {
                common = Math.min(common, GroupedBatches.of(order(r, epoch), groups, options.batchSize()).length);
            }
        }
        return common == mine.length ? mine : Arrays.copyOf(mine, common);
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
            return new Batch(position, indices, new LinkedHashMap<>(tensors), ctx.leases(), pool);
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
                    + " batches of the epoch (were the batch size, the world size or the batch grouping changed?)");
        }
        return new BatchStream(this, from.epoch(), plan, from.batch(), options.prefetch(), options.workers());
    }
}
