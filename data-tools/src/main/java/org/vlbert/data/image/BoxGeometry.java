package org.vlbert.data.image;

/**
 * How boxes in original pixels map onto a resized (and possibly flipped) image, as the reference
 * transforms do: scaled per axis by float32 factors, flipped with {@code x' = W-1-x} (W the
 * resized width), then clamped to [0, W-1] × [0, H-1]. Comes from {@link PreparedImage#geometry()}
 * on the pixel path, else from the SCALES rule alone (precomputed features).
 *
 * @param width  resized width (im_info[0])
 * @param height resized height (im_info[1])
 * @param scaleX im_info[2]
 * @param scaleY im_info[3]
 */
public record BoxGeometry(int width, int height, float scaleX, float scaleY, boolean flipped) {

    /** The geometry for an original {@code w × h} image resized to {@code size}. */
    public static BoxGeometry of(int w, int h, ResizeRule.Size size, boolean flipped) {
        return new BoxGeometry(size.width(), size.height(), (float) ((double) size.width() / w),
                (float) ((double) size.height() / h), flipped);
    }

    /** Writes the transformed box {@code x1, y1, x2, y2} into {@code out[at..at+3]}. */
    public void transform(float x1, float y1, float x2, float y2, float[] out, int at) {
        float rx1 = x1 * scaleX;
        float ry1 = y1 * scaleY;
        float rx2 = x2 * scaleX;
        float ry2 = y2 * scaleY;
        float maxX = width - 1f;
        float maxY = height - 1f;
        if (flipped) {
            float f = maxX - rx2;
            rx2 = maxX - rx1;
            rx1 = f;
        }
        out[at] = clamp(rx1, maxX);
        out[at + 1] = clamp(ry1, maxY);
        out[at + 2] = clamp(rx2, maxX);
        out[at + 3] = clamp(ry2, maxY);
    }

    /** {@code [w, h, scale_x, scale_y]}, the reference's im_info (without a dataset index). */
    public float[] imInfo() {
        return new float[] {width, height, scaleX, scaleY};
    }

    private static float clamp(float v, float max) {
        return Math.min(Math.max(v, 0f), max);
    }
}
