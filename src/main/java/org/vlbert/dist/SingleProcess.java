package org.vlbert.dist;

import java.nio.ByteBuffer;

/** World size 1: every collective is a no-op. */
public final class SingleProcess implements Collective {
    @Override
    public int rank() {
        return 0;
    }

    @Override
    public int worldSize() {
        return 1;
    }

    @Override
    public void allReduceSum(ByteBuffer buffer, long floats) {
    }

    @Override
    public void allReduceSumDoubles(ByteBuffer buffer, long doubles) {
    }

    @Override
    public void broadcast(ByteBuffer buffer, long bytes, int root) {
    }

    @Override
    public void barrier() {
    }

    @Override
    public void close() {
    }
}
