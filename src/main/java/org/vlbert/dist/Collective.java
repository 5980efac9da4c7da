package org.vlbert.dist;

import java.nio.ByteBuffer;

/**
 * The collective operations data-parallel training needs. Buffers are native-order direct
 * buffers holding float32 values; operations are in place. Every call must be made by all ranks
 * in the same order, from one thread.
 */
public interface Collective extends AutoCloseable {
    int rank();

    int worldSize();

    /** Sums {@code floats} float32 values of {@code buffer} (from its position) across ranks, in place. */
    void allReduceSum(ByteBuffer buffer, long floats);

    /** Overwrites {@code buffer} (from its position, {@code bytes} bytes) on every rank with rank {@code root}'s. */
    void broadcast(ByteBuffer buffer, long bytes, int root);

    /** Blocks until every rank has arrived. */
    void barrier();

    @Override
    void close();

    default boolean isRoot() {
        return rank() == 0;
    }
}
