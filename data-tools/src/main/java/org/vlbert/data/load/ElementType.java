package org.vlbert.data.load;

/**
 * Element types of batch tensors. The constant names equal those of
 * {@code org.vlbert.graphs.tensor.DType}, so {@code DType.valueOf(type.name())} converts.
 */
public enum ElementType {
    FLOAT(4),
    FLOAT16(2),
    INT64(8),
    INT32(4),
    UINT8(1),
    BOOL(1);

    private final int byteSize;

    ElementType(int byteSize) {
        this.byteSize = byteSize;
    }

    public int byteSize() {
        return byteSize;
    }
}
