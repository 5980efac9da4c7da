package org.vlbert.data.vqa;

import org.vlbert.data.image.BoxGeometry;

/**
 * The reference {@code Resize(min=SCALES[0], max=SCALES[1])} size rule (tasks.md §0.3): the
 * shorter side becomes {@code min} unless that would make the longer side exceed {@code max}.
 * The per-image arithmetic follows the reference's tensor dtypes: the original size lives in a
 * float32 {@code im_info}, so {@code size*h/w} and the scale ratios are float32 operations.
 */
public record ImageResize(int minSize, int maxSize) {
    /** SCALES of the shipped VQA and RefCOCO configs. */
    public static final ImageResize VQA = new ImageResize(600, 1000);

    /** The resized (width, height) of an original {@code w × h} image. */
    public int[] size(int w, int h) {
        int size = minSize;
        double minOrig = Math.min(w, h);
        double maxOrig = Math.max(w, h);
        if (maxOrig / minOrig * size > maxSize) {
            size = (int) (maxSize * minOrig / maxOrig);
        }
        if ((w <= h && w == size) || (h <= w && h == size)) {
            return new int[] {w, h};
        }
        float fw = w;
        float fh = h;
        if (w < h) {
            return new int[] {size, (int) ((float) size * fh / fw)};
        }
        return new int[] {(int) ((float) size * fw / fh), size};
    }

    /** {@code im_info} after resizing: resized width, height, x scale, y scale (float32). */
    public float[] imInfo(int w, int h) {
        return geometry(w, h, false).imInfo();
    }

    /** How the boxes of an original {@code w × h} image map onto the resized (and maybe flipped) one. */
    public BoxGeometry geometry(int w, int h, boolean flip) {
        int[] s = size(w, h);
        return new BoxGeometry(s[0], s[1], (float) s[0] / (float) w, (float) s[1] / (float) h, flip);
    }
}
