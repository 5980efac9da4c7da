package org.vlbert.data.regions;

import java.nio.ByteBuffer;
import java.util.List;
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
        return meanFeature(List.of(r), r.featureDim());
    }

    /**
     * The mean of every region feature of several rows of {@code d}-wide features, in order
     * (summed in double; zeros without regions).
     */
    public static float[] meanFeature(List<Region> regions, int d) {
        float[] out = new float[d];
        double[] sum = new double[d];
        int n = 0;
        for (Region r : regions) {
            for (int k = 0; k < r.numBoxes(); k++) {
                for (int j = 0; j < d; j++) {
                    sum[j] += r.feature(k, j);
                }
            }
            n += r.numBoxes();
        }
        for (int j = 0; j < d && n > 0; j++) {
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
