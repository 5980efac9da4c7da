package org.vlbert.testutil;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/** Direct native-order float buffers for tests. */
public final class TestBuffers {
    private TestBuffers() {}

    public static FloatBuffer direct(float... values) {
        FloatBuffer b = ByteBuffer.allocateDirect(values.length * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        b.put(0, values);
        return b;
    }

    public static FloatBuffer direct(double... values) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return direct(f);
    }

    public static float[] toArray(FloatBuffer b) {
        float[] out = new float[b.limit()];
        b.get(0, out);
        return out;
    }
}
