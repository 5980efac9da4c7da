package org.vlbert.io;

import java.nio.ByteBuffer;
import org.vlbert.graphs.tensor.DType;

/** One storage record of a checkpoint; its bytes are filled in after the pickle has been read. */
final class TorchStorage {
    /** A window of a storage (legacy files may pickle views of a larger storage). */
    record View(TorchStorage storage, long offset, long numel) {}

    private final String key;
    private final DType dtype;
    private final long numel;
    private ByteBuffer data;

    TorchStorage(String key, DType dtype, long numel) {
        this.key = key;
        this.dtype = dtype;
        this.numel = numel;
    }

    String key() {
        return key;
    }

    DType dtype() {
        return dtype;
    }

    long numel() {
        return numel;
    }

    long byteSize() {
        return numel * dtype.byteSize();
    }

    boolean isLoaded() {
        return data != null;
    }

    /** Native-order bytes, position 0, capacity {@link #byteSize()}. */
    ByteBuffer data() {
        return data;
    }

    void setData(ByteBuffer nativeOrderBytes) {
        this.data = nativeOrderBytes;
    }

    View whole() {
        return new View(this, 0, numel);
    }
}
