package org.vlbert.data.image;

/**
 * The reference's image transform for the end-to-end path (tasks.md §0.3): Resize to
 * {@code SCALES} (PIL bilinear), optional horizontal flip, ToTensor (÷255), then channels
 * reversed to BGR, ×255, minus {@code PIXEL_MEANS}, ÷ {@code PIXEL_STDS} — computed in float32 in
 * the same order as torchvision. Boxes are scaled per axis, flipped ({@code x' = W-1-x}) and
 * clamped to the resized image.
 */
public final class ImageTransform {
    /** The reference's BGR means and stds. */
    public static final float[] PIXEL_MEANS = {102.9801f, 115.9465f, 122.7717f};
    public static final float[] PIXEL_STDS = {1f, 1f, 1f};

    private final int minSize;
    private final int maxSize;
    private final float[] means;
    private final float[] stds;

    /**
     * @param minSize SCALES[0] (shorter side)
     * @param maxSize SCALES[1] (longer side at most)
     * @param meansBgr PIXEL_MEANS in B, G, R order
     * @param stdsBgr  PIXEL_STDS in B, G, R order
     */
    public ImageTransform(int minSize, int maxSize, float[] meansBgr, float[] stdsBgr) {
        if (minSize <= 0 || maxSize < minSize) {
            throw new IllegalArgumentException("SCALES must be (shorter side, longer-side maximum) with 0 < min <= max, "
                    + "got (" + minSize + ", " + maxSize + ")");
        }
        if (meansBgr.length != 3 || stdsBgr.length != 3) {
            throw new IllegalArgumentException("PIXEL_MEANS and PIXEL_STDS need 3 values (B, G, R)");
        }
        this.minSize = minSize;
        this.maxSize = maxSize;
        this.means = meansBgr.clone();
        this.stds = stdsBgr.clone();
    }

    public int minSize() {
        return minSize;
    }

    public int maxSize() {
        return maxSize;
    }

    /** PIXEL_MEANS, B, G, R. */
    public float[] meansBgr() {
        return means.clone();
    }

    /** PIXEL_STDS, B, G, R. */
    public float[] stdsBgr() {
        return stds.clone();
    }

    /** The shipped VQA/RefCOCO+ settings: SCALES (600, 1000), the reference means, unit stds. */
    public static ImageTransform reference(int minSize, int maxSize) {
        return new ImageTransform(minSize, maxSize, PIXEL_MEANS, PIXEL_STDS);
    }

    public PreparedImage apply(RgbImage img, boolean flip) {
        ResizeRule.Size size = ResizeRule.scaledSize(img.width(), img.height(), minSize, maxSize);
        RgbImage resized = PilBilinearResize.resize(img, size.width(), size.height());
        int w = resized.width();
        int h = resized.height();
        float[] chw = new float[3 * w * h];
        byte[] rgb = resized.rgb();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int srcX = flip ? w - 1 - x : x;
                int s = (y * w + srcX) * 3;
                for (int c = 0; c < 3; c++) {
                    // BGR plane c holds RGB channel 2 - c
                    float unit = (rgb[s + 2 - c] & 0xff) / 255f;
                    chw[(c * h + y) * w + x] = (unit * 255f - means[c]) / stds[c];
                }
            }
        }
        float sx = (float) ((double) w / img.width());
        float sy = (float) ((double) h / img.height());
        return new PreparedImage(img.width(), img.height(), w, h, sx, sy, flip, chw);
    }
}
