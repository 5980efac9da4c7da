package org.vlbert.data.load;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;

/**
 * One batch input: element type, shape and a direct, native-order, row-major buffer holding
 * exactly {@code numel × byteSize} bytes (position 0, limit = capacity). It can be wrapped by
 * ONNX Runtime without a copy, or by {@code org.vlbert.graphs.tensor.HostTensor}
 * ({@code new HostTensor(DType.valueOf(t.type().name()), t.shape(), t.data())}).
 */
public record BatchTensor(ElementType type, long[] shape, ByteBuffer data) {
    public BatchTensor {
        shape = shape.clone();
        long bytes = numel(shape) * type.byteSize();
        if (data.capacity() != bytes || !data.isDirect()) {
            throw new IllegalArgumentException("tensor " + type + Arrays.toString(shape) + " needs a direct buffer of "
                    + bytes + " bytes, got " + data.capacity() + (data.isDirect() ? "" : " (heap)"));
        }
        data = data.duplicate().clear().order(ByteOrder.nativeOrder());
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public long dim(int axis) {
        return shape[axis];
    }

    public long numel() {
        return numel(shape);
    }

    /** A fresh view of the bytes (position 0). */
    @Override
    public ByteBuffer data() {
        return data.duplicate().clear().order(ByteOrder.nativeOrder());
    }

    public FloatBuffer floats() {
        require(ElementType.FLOAT);
        return data().asFloatBuffer();
    }

    public LongBuffer longs() {
        require(ElementType.INT64);
        return data().asLongBuffer();
    }

    private void require(ElementType t) {
        if (type != t) {
            throw new IllegalStateException("tensor is " + type + ", not " + t);
        }
    }

    public static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BatchTensor t && t.type == type && Arrays.equals(t.shape, shape) && t.data().equals(data());
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "BatchTensor(" + type + Arrays.toString(shape) + ")";
    }
}
