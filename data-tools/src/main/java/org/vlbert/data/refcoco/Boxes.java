package org.vlbert.data.refcoco;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Box arrays as little-endian float32 bytes for {@link org.vlbert.data.arrow.Columns}. */
final class Boxes {
    private Boxes() {}

    static ByteBuffer le(float[][] boxes) {
        ByteBuffer b = ByteBuffer.allocate(boxes.length * 16).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] box : boxes) {
            for (float v : box) {
                b.putFloat(v);
            }
        }
        return b.flip();
    }
}
