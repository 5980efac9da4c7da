package org.vlbert.data.image;

/**
 * The reference's {@code Resize(min_size, max_size)} size rule (pretraining.md §2.5, tasks.md
 * §0.3), with Python's arithmetic: the shorter side becomes {@code minSize} unless the longer side
 * would then exceed {@code maxSize}, in which case the shorter side is
 * {@code int(maxSize * short / long)}; the other side is {@code int(size * long / short)}.
 */
public final class ResizeRule {
    private ResizeRule() {}

    /** A width and height in pixels. */
    public record Size(int width, int height) {}

    public static Size scaledSize(int w, int h, int minSize, int maxSize) {
        if (w <= 0 || h <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + w + "x" + h);
        }
        int size = minSize;
        double shortSide = Math.min(w, h);
        double longSide = Math.max(w, h);
        if (longSide / shortSide * size > maxSize) {
            size = (int) (maxSize * shortSide / longSide);
        }
        if ((w <= h && w == size) || (h <= w && h == size)) {
            return new Size(w, h);
        }
        if (w < h) {
            return new Size(size, (int) ((double) size * h / w));
        }
        return new Size((int) ((double) size * w / h), size);
    }
}
