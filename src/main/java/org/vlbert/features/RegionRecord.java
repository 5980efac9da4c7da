package org.vlbert.features;

/**
 * One image's extracted regions: {@code boxes} [n, 4] and {@code features} [n, dim] row-major;
 * {@code imageBoxFeature} [dim] or null.
 */
public record RegionRecord(String imageId, int width, int height, float[] boxes, float[] features,
                           float[] imageBoxFeature) {
    public int numBoxes() {
        return boxes.length / 4;
    }
}
