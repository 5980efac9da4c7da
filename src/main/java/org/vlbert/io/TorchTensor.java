package org.vlbert.io;

import java.util.Arrays;
import org.vlbert.graphs.tensor.DType;

/**
 * A tensor as it appears inside an unpickled PyTorch object: a strided view of a storage.
 * {@link TorchCheckpoint#tensor(TorchTensor, String)} turns it into a contiguous {@code HostTensor}.
 */
public final class TorchTensor {
    private final TorchStorage storage;
    /** Element offset of the storage view inside the root storage (legacy storage views), plus the tensor's own offset. */
    private final long offset;
    private final long viewLimit;
    private final long[] shape;
    private final long[] stride;
    private final boolean requiresGrad;

    TorchTensor(TorchStorage.View view, long storageOffset, long[] shape, long[] stride, boolean requiresGrad) {
        this.storage = view.storage();
        this.offset = view.offset() + storageOffset;
        this.viewLimit = view.offset() + view.numel();
        this.shape = shape;
        this.stride = stride;
        this.requiresGrad = requiresGrad;
    }

    public DType dtype() {
        return storage.dtype();
    }

    public long[] shape() {
        return shape.clone();
    }

    public long[] stride() {
        return stride.clone();
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** The key of the storage record this tensor reads (tensors sharing a storage share the key). */
    public String storageKey() {
        return storage.key();
    }

    TorchStorage storage() {
        return storage;
    }

    /** First element index in the root storage. */
    long elementOffset() {
        return offset;
    }

    /** Exclusive upper bound of element indices the tensor may touch (end of its storage view). */
    long elementLimit() {
        return viewLimit;
    }

    @Override
    public String toString() {
        return "TorchTensor(" + dtype() + Arrays.toString(shape) + ", storage " + storage.key() + ")";
    }
}
