package org.vlbert.data.image;

/**
 * A transformed image: normalised BGR planes {@code chw} [3, height, width] of the resized image
 * and how original coordinates map onto it.
 *
 * @param originalWidth  width of the decoded image
 * @param originalHeight height of the decoded image
 * @param width          resized width (im_info[0])
 * @param height         resized height (im_info[1])
 * @param scaleX         width / originalWidth (im_info[2])
 * @param scaleY         height / originalHeight (im_info[3])
 */
public record PreparedImage(int originalWidth, int originalHeight, int width, int height, float scaleX, float scaleY,
                            boolean flipped, float[] chw) {

    /** How original coordinates map onto this image (scaled per axis, flipped when it is, clamped). */
    public BoxGeometry geometry() {
        return new BoxGeometry(width, height, scaleX, scaleY, flipped);
    }

    /**
     * Boxes (x1, y1, x2, y2 rows, original pixels) in the resized image as the reference's
     * datasets feed them: {@link #geometry()} applied to every row.
     */
    public float[] transformBoxes(float[] boxes) {
        if (boxes.length % 4 != 0) {
            throw new IllegalArgumentException("boxes need 4 values per row, got " + boxes.length);
        }
        BoxGeometry g = geometry();
        float[] out = new float[boxes.length];
        for (int i = 0; i < boxes.length; i += 4) {
            g.transform(boxes[i], boxes[i + 1], boxes[i + 2], boxes[i + 3], out, i);
        }
        return out;
    }

    /** {@code [w, h, scale_x, scale_y]}, the reference's im_info (without a dataset index). */
    public float[] imInfo() {
        return geometry().imInfo();
    }
}
