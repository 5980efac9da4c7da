package org.vlbert.data.load;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Recycles the large direct buffers of batch tensors (a VQA batch of 64 × 101 boxes × 2052 floats
 * is 53 MB; allocating that anew per batch means zero-filling and slow direct-memory reclamation).
 * Buffers come back when a {@link Batch} is closed. Contents of acquired buffers are arbitrary.
 * Thread-safe.
 */
public final class BufferPool {
    private final int maxFree;
    private final List<ByteBuffer> free = new ArrayList<>();

    public BufferPool(int maxFree) {
        this.maxFree = maxFree;
    }

    /** A buffer of at least {@code bytes} capacity (the caller slices it). */
    public ByteBuffer acquire(long bytes) {
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("batch tensor of " + bytes + " bytes exceeds 2 GiB; use a smaller batch");
        }
        synchronized (free) {
            int best = -1;
            for (int i = 0; i < free.size(); i++) {
                int cap = free.get(i).capacity();
                if (cap >= bytes && (best < 0 || cap < free.get(best).capacity())) {
                    best = i;
                }
            }
            if (best >= 0) {
                return free.remove(best);
            }
        }
        // some slack so that slightly larger batches (more boxes) can reuse it later
        long withSlack = Math.min(Integer.MAX_VALUE, bytes + bytes / 8);
        return ByteBuffer.allocateDirect((int) withSlack).order(ByteOrder.nativeOrder());
    }

    public void release(ByteBuffer buffer) {
        synchronized (free) {
            if (free.size() < maxFree) {
                free.add(buffer);
            }
        }
    }
}
