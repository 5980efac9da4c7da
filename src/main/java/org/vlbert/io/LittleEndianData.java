package org.vlbert.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * Every format we read or write stores elements little-endian, while {@link HostTensor} holds
 * native order. On little-endian hosts (x86, aarch64) these helpers are no-ops or plain copies.
 */
final class LittleEndianData {
    static final boolean NATIVE_IS_LITTLE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private LittleEndianData() {}

    /** Converts little-endian element bytes in {@code buf} (position 0..capacity) to native order in place. */
    static void toNativeInPlace(ByteBuffer buf, DType dtype) {
        if (!NATIVE_IS_LITTLE) {
            swapInPlace(buf, dtype.byteSize());
        }
    }

    /** Reverses the byte order of every element of {@code elementSize} bytes. */
    static void swapInPlace(ByteBuffer buf, int elementSize) {
        if (elementSize == 1) {
            return;
        }
        int n = buf.capacity();
        for (int i = 0; i < n; i += elementSize) {
            for (int a = i, b = i + elementSize - 1; a < b; a++, b--) {
                byte t = buf.get(a);
                buf.put(a, buf.get(b));
                buf.put(b, t);
            }
        }
    }

    /** The tensor's bytes in little-endian order: a view on little-endian hosts, else a swapped copy. */
    static ByteBuffer littleEndianBytes(HostTensor t) {
        ByteBuffer b = t.buffer();
        if (NATIVE_IS_LITTLE) {
            return b;
        }
        ByteBuffer copy = ByteBuffer.allocate(b.capacity());
        copy.put(b).clear();
        swapInPlace(copy, t.dtype().byteSize());
        return copy;
    }

    static void writeFully(WritableByteChannel ch, ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            ch.write(src);
        }
    }
}
