package org.vlbert.data.testutil;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.Random;

/** Hand-made bottom-up-attention records: base64 of little-endian float32/int64 arrays. */
public final class Butd {
    private Butd() {}

    public static String b64(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return Base64.getEncoder().encodeToString(b.array());
    }

    public static String b64Long(long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return Base64.getEncoder().encodeToString(b.array());
    }

    /** n boxes inside a w×h image, deterministic from the seed. */
    public static float[] boxes(int n, int w, int h, long seed) {
        Random r = new Random(seed);
        float[] out = new float[n * 4];
        for (int i = 0; i < n; i++) {
            float x1 = r.nextInt(w / 2);
            float y1 = r.nextInt(h / 2);
            out[i * 4] = x1 + 0.25f;
            out[i * 4 + 1] = y1 + 0.5f;
            out[i * 4 + 2] = x1 + 1 + r.nextInt(w / 2 - 1);
            out[i * 4 + 3] = y1 + 1 + r.nextInt(h / 2 - 1);
        }
        return out;
    }

    public static float[] features(int n, int dim, long seed) {
        Random r = new Random(seed);
        float[] out = new float[n * dim];
        for (int i = 0; i < out.length; i++) {
            out[i] = r.nextFloat() * 4;
        }
        return out;
    }

    /** One line of the 6-field BUTD TSV. */
    public static String tsvLine(String imageId, int w, int h, float[] boxes, float[] features) {
        return imageId + "\t" + w + "\t" + h + "\t" + boxes.length / 4 + "\t" + b64(boxes) + "\t" + b64(features);
    }
}
