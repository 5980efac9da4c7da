package org.vlbert.data.regions;

import java.nio.ByteBuffer;
import org.apache.arrow.memory.util.Float16;

/** Copies region features into float32 batch buffers (offsets in floats). */
public final class RegionRows {
    private RegionRows() {}

    /** Box {@code box}'s feature (float32 or float16 in the file) as float32 at {@code at}. */
    public static void copyFeature(Region r, int box, ByteBuffer dst, long at) {
        int d = r.featureDim();
        if (r.fp16()) {
            ByteBuffer src = r.features();
            int first = box * d;
            for (int j = 0; j < d; j++) {
                dst.putFloat((int) ((at + j) * 4), Float16.toFloat(src.getShort((first + j) * 2)));
            }
        } else {
            dst.put((int) (at * 4), r.features(), box * d * 4, d * 4);
        }
    }

    /**
     * The whole-image feature: the stored {@code image_box_feature}, else the mean of every
     * region feature of the image (zeros for an image without regions).
     */
    public static float[] imageFeature(Region r) {
        if (r.imageBoxFeature() == null) {
            return meanFeature(r);
        }
        float[] out = new float[r.featureDim()];
        for (int j = 0; j < out.length; j++) {
            out[j] = r.imageBoxFeature(j);
        }
        return out;
    }

    /** The mean of every region feature of the image (zeros for an image without regions). */
    public static float[] meanFeature(Region r) {
        int d = r.featureDim();
        float[] out = new float[d];
        int n = r.numBoxes();
        if (n == 0) {
            return out;
        }
        double[] sum = new double[d];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < d; j++) {
                sum[j] += r.feature(k, j);
            }
        }
        for (int j = 0; j < d; j++) {
            out[j] = (float) (sum[j] / n);
        }
        return out;
    }

    public static void putFloats(float[] values, ByteBuffer dst, long at) {
        for (int j = 0; j < values.length; j++) {
            dst.putFloat((int) ((at + j) * 4), values[j]);
        }
    }

    public static void fill(ByteBuffer dst, long at, long count, float value) {
        for (long j = 0; j < count; j++) {
            dst.putFloat((int) ((at + j) * 4), value);
        }
    }
}
