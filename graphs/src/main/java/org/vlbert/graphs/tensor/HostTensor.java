package org.vlbert.graphs.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;

/**
 * A dense, contiguous (row-major) tensor in host memory: element type, shape and a native-order
 * byte buffer. This is the one tensor value type shared by graphs (initializers, constants),
 * checkpoint readers and writers, and fixture loaders. Direct buffers are used so that the same
 * memory can be handed to ONNX Runtime without a copy.
 */
public final class HostTensor {
    private final DType dtype;
    private final long[] shape;
    private final ByteBuffer data;

    /**
     * Wraps {@code data} (position 0 .. capacity) without copying. The buffer must hold exactly
     * numel(shape) elements of {@code dtype}; its byte order is forced to native.
     */
    public HostTensor(DType dtype, long[] shape, ByteBuffer data) {
        this.dtype = dtype;
        this.shape = shape.clone();
        long expected = numel(shape) * dtype.byteSize();
        if (data.capacity() != expected) {
            throw new IllegalArgumentException("tensor of " + dtype + Arrays.toString(shape) + " needs "
                    + expected + " bytes but the buffer has " + data.capacity());
        }
        this.data = data.duplicate().clear().order(ByteOrder.nativeOrder());
    }

    public static HostTensor allocate(DType dtype, long... shape) {
        return new HostTensor(dtype, shape, allocateDirect(numel(shape) * dtype.byteSize()));
    }

    public static HostTensor ofFloats(long[] shape, float... values) {
        HostTensor t = allocate(DType.FLOAT, shape);
        if (values.length != t.numel()) {
            throw new IllegalArgumentException(values.length + " values for shape " + Arrays.toString(shape));
        }
        t.data.asFloatBuffer().put(values);
        return t;
    }

    public static HostTensor ofLongs(long[] shape, long... values) {
        HostTensor t = allocate(DType.INT64, shape);
        if (values.length != t.numel()) {
            throw new IllegalArgumentException(values.length + " values for shape " + Arrays.toString(shape));
        }
        t.data.asLongBuffer().put(values);
        return t;
    }

    public static HostTensor scalar(float value) {
        return ofFloats(new long[0], value);
    }

    public DType dtype() {
        return dtype;
    }

    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long dim(int axis) {
        return shape[axis < 0 ? shape.length + axis : axis];
    }

    public long numel() {
        return numel(shape);
    }

    public long byteSize() {
        return data.capacity();
    }

    /** A view of the bytes (position 0, native order); writes go to the tensor. */
    public ByteBuffer buffer() {
        return data.duplicate().clear().order(ByteOrder.nativeOrder());
    }

    public FloatBuffer floatView() {
        requireType(DType.FLOAT);
        return buffer().asFloatBuffer();
    }

    public LongBuffer longView() {
        requireType(DType.INT64);
        return buffer().asLongBuffer();
    }

    public float[] toFloatArray() {
        requireType(DType.FLOAT);
        float[] out = new float[Math.toIntExact(numel())];
        floatView().get(out);
        return out;
    }

    public long[] toLongArray() {
        long[] out = new long[Math.toIntExact(numel())];
        ByteBuffer b = buffer();
        for (int i = 0; i < out.length; i++) {
            switch (dtype) {
                case INT64 -> out[i] = b.getLong(i * 8);
                case INT32 -> out[i] = b.getInt(i * 4);
                case UINT8 -> out[i] = b.get(i) & 0xff;
                case INT8, BOOL -> out[i] = b.get(i);
                default -> throw new IllegalStateException("toLongArray on " + dtype + " tensor");
            }
        }
        return out;
    }

    /** Converts any floating-point or integer tensor to float values (float16 included). */
    public float[] toFloatArrayConverted() {
        float[] out = new float[Math.toIntExact(numel())];
        ByteBuffer b = buffer();
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (dtype) {
                case FLOAT -> b.getFloat(i * 4);
                case DOUBLE -> (float) b.getDouble(i * 8);
                case FLOAT16 -> Fp16.toFloat(b.getShort(i * 2));
                case BFLOAT16 -> Float.intBitsToFloat((b.getShort(i * 2) & 0xffff) << 16);
                case INT64 -> b.getLong(i * 8);
                case INT32 -> b.getInt(i * 4);
                case UINT8 -> b.get(i) & 0xff;
                case INT8, BOOL -> b.get(i);
            };
        }
        return out;
    }

    /** Same bytes, new shape with the same element count. */
    public HostTensor reshape(long... newShape) {
        if (numel(newShape) != numel()) {
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(shape) + " to "
                    + Arrays.toString(newShape));
        }
        return new HostTensor(dtype, newShape, data);
    }

    /** A deep copy in a fresh direct buffer. */
    public HostTensor copy() {
        ByteBuffer dst = allocateDirect(data.capacity());
        dst.put(buffer());
        return new HostTensor(dtype, shape, dst.clear());
    }

    private void requireType(DType t) {
        if (dtype != t) {
            throw new IllegalStateException("tensor is " + dtype + ", not " + t);
        }
    }

    public static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public static ByteBuffer allocateDirect(long bytes) {
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor of " + bytes + " bytes exceeds the 2 GiB buffer limit");
        }
        return ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder());
    }

    @Override
    public String toString() {
        return "HostTensor(" + dtype + Arrays.toString(shape) + ")";
    }
}
