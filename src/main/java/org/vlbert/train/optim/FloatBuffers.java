package org.vlbert.train.optim;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * Chunked arithmetic over native-order direct {@link FloatBuffer}s.
 *
 * <p>Direct-buffer element accessors are not auto-vectorised by HotSpot 17, so every helper copies
 * a chunk into a caller-owned scratch array with the (memcpy-fast) absolute bulk get, runs a plain
 * array loop that C2 can vectorise, and bulk-puts the result back. Scratch arrays are
 * {@link #CHUNK} floats long and owned by the caller, so nothing parameter-sized is ever allocated.
 * Buffers are addressed absolutely over {@code [0, limit)}; positions are never touched.
 */
public final class FloatBuffers {
    /** Elements processed per chunk (16 KiB per scratch array: stays in L1/L2). */
    public static final int CHUNK = 4096;

    private FloatBuffers() {}

    /** A new zero-filled, native-order direct buffer of {@code n} floats. */
    public static FloatBuffer allocateDirect(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative buffer size " + n);
        }
        return ByteBuffer.allocateDirect(Math.multiplyExact(n, Float.BYTES))
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** A scratch array for the chunked helpers. */
    public static float[] scratch() {
        return new float[CHUNK];
    }

    /** Throws unless {@code b} is a direct buffer in native byte order. */
    public static FloatBuffer requireDirectNative(FloatBuffer b, String what) {
        if (b == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (!b.isDirect()) {
            throw new IllegalArgumentException(what + " must be a direct FloatBuffer");
        }
        if (b.order() != ByteOrder.nativeOrder()) {
            throw new IllegalArgumentException(what + " must be in native byte order ("
                    + ByteOrder.nativeOrder() + "), got " + b.order());
        }
        return b;
    }

    /** Sum of squares of {@code b[0, limit)}, accumulated in double. */
    public static double sumOfSquares(FloatBuffer b, float[] scratch) {
        int n = b.limit();
        double acc = 0.0;
        for (int off = 0; off < n; off += CHUNK) {
            int len = Math.min(CHUNK, n - off);
            b.get(off, scratch, 0, len);
            for (int i = 0; i < len; i++) {
                double x = scratch[i];
                acc += x * x;
            }
        }
        return acc;
    }

    /** {@code b[i] *= factor} for every element of {@code b[0, limit)}. */
    public static void scale(FloatBuffer b, float factor, float[] scratch) {
        int n = b.limit();
        for (int off = 0; off < n; off += CHUNK) {
            int len = Math.min(CHUNK, n - off);
            b.get(off, scratch, 0, len);
            for (int i = 0; i < len; i++) {
                scratch[i] *= factor;
            }
            b.put(off, scratch, 0, len);
        }
    }

    /** {@code b[i] /= divisor} for every element of {@code b[0, limit)} (a true division, not × 1/divisor). */
    public static void divide(FloatBuffer b, float divisor, float[] scratch) {
        int n = b.limit();
        for (int off = 0; off < n; off += CHUNK) {
            int len = Math.min(CHUNK, n - off);
            b.get(off, scratch, 0, len);
            for (int i = 0; i < len; i++) {
                scratch[i] /= divisor;
            }
            b.put(off, scratch, 0, len);
        }
    }

    /** Whether any element of {@code b[0, limit)} is NaN or infinite. */
    public static boolean hasNonFinite(FloatBuffer b, float[] scratch) {
        int n = b.limit();
        for (int off = 0; off < n; off += CHUNK) {
            int len = Math.min(CHUNK, n - off);
            b.get(off, scratch, 0, len);
            // x - x is 0 for finite x and NaN for +-Inf/NaN; the sum of the chunk stays 0 unless
            // some element is non-finite. Branch-free, so the loop body stays simple.
            float probe = 0f;
            for (int i = 0; i < len; i++) {
                probe += scratch[i] - scratch[i];
            }
            if (probe != 0f) {
                return true;
            }
        }
        return false;
    }

    /** Whether any buffer in the list has a non-finite element. */
    public static boolean anyNonFinite(List<FloatBuffer> buffers, float[] scratch) {
        for (FloatBuffer b : buffers) {
            if (hasNonFinite(b, scratch)) {
                return true;
            }
        }
        return false;
    }
}
