package org.vlbert.monitor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * TFRecord framing used by TensorBoard event files:
 * {@code uint64 length | uint32 masked_crc32c(length bytes) | data | uint32 masked_crc32c(data)},
 * all little-endian, with {@code masked(c) = ((c >>> 15) | (c << 17)) + 0xa282ead8}.
 */
final class TfRecordFraming {
    private static final int MASK_DELTA = 0xa282ead8;

    private TfRecordFraming() {}

    static int maskedCrc32c(byte[] data, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(data, off, len);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + MASK_DELTA;
    }

    /** The framed record for {@code payload}. */
    static byte[] frame(byte[] payload) {
        ByteBuffer out = ByteBuffer.allocate(8 + 4 + payload.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(payload.length);
        out.putInt(maskedCrc32c(out.array(), 0, 8));
        out.put(payload);
        out.putInt(maskedCrc32c(payload, 0, payload.length));
        return out.array();
    }
}
