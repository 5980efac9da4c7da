package org.vlbert.data.regions;

import java.nio.ByteBuffer;
import org.apache.arrow.memory.util.Float16;

/**
 * One image of region features, as zero-copy little-endian views of the mapped file.
 *
 * @param boxes           float32 [numBoxes, 4], x1 y1 x2 y2 in original pixels
 * @param features        [numBoxes, featureDim] float32, or float16 when {@code fp16}
 * @param imageBoxFeature [featureDim] (same element type) or null
 * @param classScores     float32 [numBoxes, classScoreDim] or null
 */
public record Region(String imageId, int width, int height, int numBoxes, int featureDim, boolean fp16,
                     ByteBuffer boxes, ByteBuffer features, ByteBuffer imageBoxFeature,
                     ByteBuffer classScores, int classScoreDim, ByteBuffer attrScores, int attrScoreDim,
                     int[] classLabels, float[] classConfidences, int[] attrLabels, float[] attrConfidences) {

    /** Coordinate {@code c} (0..3) of box {@code i}. */
    public float box(int i, int c) {
        return boxes.getFloat((i * 4 + c) * 4);
    }

    /** Element {@code d} of box {@code i}'s feature, as float. */
    public float feature(int i, int d) {
        long idx = (long) i * featureDim + d;
        return fp16 ? Float16.toFloat(features.getShort((int) (idx * 2))) : features.getFloat((int) (idx * 4));
    }

    /** Element {@code d} of the stored whole-image feature (requires {@link #imageBoxFeature()} != null). */
    public float imageBoxFeature(int d) {
        return fp16 ? Float16.toFloat(imageBoxFeature.getShort(d * 2)) : imageBoxFeature.getFloat(d * 4);
    }

    public float classScore(int i, int c) {
        return classScores.getFloat((i * classScoreDim + c) * 4);
    }

    public float attrScore(int i, int c) {
        return attrScores.getFloat((i * attrScoreDim + c) * 4);
    }
}
