package org.vlbert.features;

/**
 * One image to extract: its id, its file relative to the image directory (null: found from the
 * id), and its boxes {@code [n, 4]} (x1, y1, x2, y2 in original pixels, row-major).
 */
public record ImageBoxes(String imageId, String file, float[] boxes) {
    public int numBoxes() {
        return boxes.length / 4;
    }
}
