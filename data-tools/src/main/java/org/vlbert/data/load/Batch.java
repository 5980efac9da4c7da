package org.vlbert.data.load;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A collated batch: named tensors in the collator's order, and the dataset indices of its rows
 * (e.g. to write predictions). Close it when done (after any ONNX tensors over its buffers are
 * closed) so its buffers are reused.
 */
public final class Batch implements AutoCloseable {
    private final LoaderPosition position;
    private final int[] sampleIndices;
    private final Map<String, BatchTensor> tensors;
    private final List<ByteBuffer> leases;
    private final BufferPool pool;
    private boolean closed;

    Batch(LoaderPosition position, int[] sampleIndices, Map<String, BatchTensor> tensors, List<ByteBuffer> leases,
          BufferPool pool) {
        this.position = position;
        this.sampleIndices = sampleIndices;
        this.tensors = Collections.unmodifiableMap(tensors);
        this.leases = leases;
        this.pool = pool;
    }

    /** Epoch and batch index of this batch. */
    public LoaderPosition position() {
        return position;
    }

    public int size() {
        return sampleIndices.length;
    }

    /** Dataset index of each row. */
    public int[] sampleIndices() {
        return sampleIndices.clone();
    }

    public Map<String, BatchTensor> tensors() {
        return tensors;
    }

    public BatchTensor get(String name) {
        BatchTensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("batch has no tensor '" + name + "' (has " + tensors.keySet() + ")");
        }
        return t;
    }

    /** Returns the buffers to the pool; the tensors must not be used afterwards. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ByteBuffer b : leases) {
            pool.release(b);
        }
    }
}
