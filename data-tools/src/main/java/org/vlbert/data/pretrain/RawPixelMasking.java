package org.vlbert.data.pretrain;

import org.vlbert.data.image.PreparedImage;

/**
 * End-to-end pretraining's masked RoIs (pretraining.md §2.1 step 10, {@code MASK_RAW_PIXELS}):
 * every region with op 1 is blanked in the normalised image before the CNN sees it — rows
 * {@code int(y1)..int(y2)} and columns {@code int(x1)..int(x2)}, both inclusive, in all three
 * channels, set to 0 (the pixel-mean colour). The boxes are the transformed, clamped ones.
 */
public final class RawPixelMasking {
    private RawPixelMasking() {}

    /**
     * @param image the transformed image; its planes are changed in place
     * @param boxes x1, y1, x2, y2 per box in the image's pixels (at least {@code ops.length} rows)
     * @param ops   1 = masked region
     */
    public static void apply(PreparedImage image, float[] boxes, int[] ops) {
        int w = image.width();
        int h = image.height();
        float[] chw = image.chw();
        for (int j = 0; j < ops.length; j++) {
            if (ops[j] != 1) {
                continue;
            }
            // Python's int() truncates toward zero; the boxes are clamped to be non-negative.
            int x1 = (int) boxes[j * 4];
            int y1 = (int) boxes[j * 4 + 1];
            int x2 = Math.min((int) boxes[j * 4 + 2], w - 1);
            int y2 = Math.min((int) boxes[j * 4 + 3], h - 1);
            for (int c = 0; c < 3; c++) {
                for (int y = y1; y <= y2; y++) {
                    int row = (c * h + y) * w;
                    for (int x = x1; x <= x2; x++) {
                        chw[row + x] = 0f;
                    }
                }
            }
        }
    }
}
