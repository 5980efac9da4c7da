package org.vlbert.dist;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The collective operations data-parallel training needs. Buffers are direct buffers in native
 * byte order; operations work in place on the {@code count} values from the buffer's position.
 * Every rank must make the same calls in the same order. An engine may run them on a thread of
 * its own (XGBoost's communicator is thread-local), so callers may call from any one thread.
 *
 * <p>Engines: {@link SingleProcess} (world 1) and {@link XgbCollective} (XGBoost's tracker and
 * ring all-reduce over TCP). An NCCL engine for multi-GPU hosts would implement the same methods.
 */
public interface Collective extends AutoCloseable {
    int rank();

    int worldSize();

    /** Sums {@code floats} float32 values across ranks, in place; every rank gets the same bits. */
    void allReduceSum(ByteBuffer buffer, long floats);

    /** Sums {@code doubles} float64 values across ranks, in place (small reductions: metric sums). */
    void allReduceSumDoubles(ByteBuffer buffer, long doubles);

    /** Overwrites {@code bytes} bytes on every rank with rank {@code root}'s, bit for bit. */
    void broadcast(ByteBuffer buffer, long bytes, int root);

    /** Blocks until every rank has arrived. */
    void barrier();

    /** Orderly shutdown once this rank's work succeeded; every rank calls it. */
    @Override
    void close();

    /**
     * Releases this rank's resources after a failure, without waiting for peers (they see the
     * connection drop). {@link #close()} does nothing afterwards.
     */
    default void abort() {
        close();
    }

    default boolean isRoot() {
        return rank() == 0;
    }

    /** Element-wise sum of {@code values} across ranks (a convenience over {@link #allReduceSumDoubles}). */
    default double[] sum(double... values) {
        if (worldSize() == 1 || values.length == 0) {
            return values.clone();
        }
        ByteBuffer b = ByteBuffer.allocateDirect(8 * values.length).order(ByteOrder.nativeOrder());
        b.asDoubleBuffer().put(values);
        allReduceSumDoubles(b, values.length);
        double[] out = new double[values.length];
        b.asDoubleBuffer().get(out);
        return out;
    }
}
