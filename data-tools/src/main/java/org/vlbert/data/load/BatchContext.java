package org.vlbert.data.load;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What a {@link Collator} gets besides the rows: the batch position, a random stream per row
 * derived only from (seed, epoch, dataset index) — so augmentation does not depend on batch
 * boundaries, thread timing or where a run was resumed — and pooled tensor allocation.
 */
public final class BatchContext {
    private final LoaderPosition position;
    private final int[] sampleIndices;
    private final long seed;
    private final BufferPool pool;
    private final List<ByteBuffer> leases = new ArrayList<>();

    public BatchContext(LoaderPosition position, int[] sampleIndices, long seed, BufferPool pool) {
        this.position = position;
        this.sampleIndices = sampleIndices;
        this.seed = seed;
        this.pool = pool;
    }

    public LoaderPosition position() {
        return position;
    }

    public int sampleIndex(int row) {
        return sampleIndices[row];
    }

    /** The random stream of batch row {@code row}. */
    public SplittableRandom random(int row) {
        return new SplittableRandom(Seeds.mix(seed, position.epoch(), sampleIndices[row]));
    }

    /** A tensor with a pooled buffer of arbitrary content: the collator must write every element. */
    public BatchTensor allocate(ElementType type, long... shape) {
        long bytes = BatchTensor.numel(shape) * type.byteSize();
        ByteBuffer base = pool.acquire(bytes);
        leases.add(base);
        ByteBuffer view = base.duplicate().clear().limit((int) bytes).slice().order(ByteOrder.nativeOrder());
        return new BatchTensor(type, shape, view);
    }

    List<ByteBuffer> leases() {
        return leases;
    }
}
