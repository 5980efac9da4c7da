package org.vlbert.data.regions;

import java.nio.ByteBuffer;

/**
 * One decoded image of detector output. Float arrays are little-endian float32 bytes; optional
 * parts are {@code null} when absent.
 */
record RegionRecord(String imageId, int width, int height, int numBoxes, ByteBuffer boxes, ByteBuffer features,
                    ByteBuffer imageBoxFeature, ByteBuffer classScores, ByteBuffer attrScores,
                    int[] classLabels, float[] classConfidences, int[] attrLabels, float[] attrConfidences) {
}
