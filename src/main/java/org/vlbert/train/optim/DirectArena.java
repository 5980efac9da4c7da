package org.vlbert.train.optim;

import java.nio.FloatBuffer;

/** Hands out consecutive slices of large direct buffers; a new block starts when one is full. */
final class DirectArena implements StateAllocator {
    /** Largest block: 2^28 floats = 1 GiB, well inside the int-indexed ByteBuffer limit. */
    static final int MAX_BLOCK = 1 << 28;

    private long remainingHint;
    private FloatBuffer block;
    private int used;

    DirectArena(long totalFloats) {
        this.remainingHint = Math.max(0, totalFloats);
    }

    @Override
    public FloatBuffer allocate(String key, int size) {
        if (block == null || block.capacity() - used < size) {
            long want = Math.max(size, Math.min(remainingHint, MAX_BLOCK));
            block = FloatBuffers.allocateDirect((int) want);
            used = 0;
        }
        FloatBuffer slice = block.slice(used, size);
        used += size;
        remainingHint = Math.max(0, remainingHint - size);
        return slice;
    }
}
