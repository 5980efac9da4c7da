package org.vlbert.train;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.vlbert.dist.Collective;
import org.vlbert.runtime.TensorSlab;
import org.vlbert.train.optim.FloatBuffers;

/**
 * Averages an optimizer step's gradients across ranks, as DistributedDataParallel does
 * (training.md §9.2): sum all-reduce, then divide by the world size, so every rank applies the
 * same update. The slab is reduced in a few large buckets: the runs of consecutive trainable
 * tensors inside each chunk (frozen tensors have no gradient and are skipped).
 */
final class GradientAverager {
    private record Bucket(int chunk, int offsetFloats, int floats) {}

    private final Collective collective;
    private final TensorSlab grads;
    private final List<Bucket> buckets = new ArrayList<>();
    private final float[] scratch = FloatBuffers.scratch();

    GradientAverager(Collective collective, TensorSlab grads, Set<String> trainable) {
        this.collective = collective;
        this.grads = grads;
        Bucket open = null;
        for (TensorSlab.Slot s : grads.slots().values()) {
            if (!trainable.contains(s.name()) || s.numel() == 0) {
                continue;
            }
            if (open != null && open.chunk() == s.chunk() && open.offsetFloats() + open.floats() == s.offsetFloats()) {
                open = new Bucket(open.chunk(), open.offsetFloats(), open.floats() + s.numel());
                buckets.set(buckets.size() - 1, open);
            } else {
                open = new Bucket(s.chunk(), s.offsetFloats(), s.numel());
                buckets.add(open);
            }
        }
    }

    int bucketCount() {
        return buckets.size();
    }

    long floats() {
        return buckets.stream().mapToLong(Bucket::floats).sum();
    }

    /** Replaces this rank's gradients by the mean over all ranks (nothing to do for one rank). */
    void average() {
        int world = collective.worldSize();
        if (world == 1) {
            return;
        }
        for (Bucket b : buckets) {
            ByteBuffer bytes = grads.chunkBytes(b.chunk()).slice(4 * b.offsetFloats(), 4 * b.floats())
                    .order(java.nio.ByteOrder.nativeOrder());
            collective.allReduceSum(bytes, b.floats());
            FloatBuffers.divide(bytes.asFloatBuffer(), world, scratch);
        }
    }
}
