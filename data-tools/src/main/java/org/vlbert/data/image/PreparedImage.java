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

    /**
     * Boxes (x1, y1, x2, y2 rows, original pixels) in the resized image as the reference's
     * datasets feed them: scaled per axis, flipped when the image is, clamped to
     * [0, width-1] × [0, height-1].
     */
    public float[] transformBoxes(float[] boxes) {
        if (boxes.length % 4 != 0) {
            throw new IllegalArgumentException("boxes need 4 values per row, got " + boxes.length);
        }
        float[] out = new float[boxes.length];
        float maxX = width - 1;
        float maxY = height - 1;
        for (int i = 0; i < boxes.length; i += 4) {
            float x1 = boxes[i] * scaleX;
            float y1 = boxes[i + 1] * scaleY;
            float x2 = boxes[i + 2] * scaleX;
            float y2 = boxes[i + 3] * scaleY;
            if (flipped) {
                float f1 = maxX - x2;
                x2 = maxX - x1;
                x1 = f1;
            }
            out[i] = clamp(x1, maxX);
            out[i + 1] = clamp(y1, maxY);
            out[i + 2] = clamp(x2, maxX);
            out[i + 3] = clamp(y2, maxY);
        }
        return out;
    }

    private static float clamp(float v, float max) {
        return Math.max(0f, Math.min(v, max));
    }

    /** {@code [w, h, scale_x, scale_y]}, the reference's im_info (without a dataset index). */
    public float[] imInfo() {
        return new float[] {width, height, scaleX, scaleY};
    }
}
