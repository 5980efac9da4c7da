package org.vlbert.data.image;

import java.nio.FloatBuffer;
import java.util.List;
import org.vlbert.data.load.BatchContext;
import org.vlbert.data.load.BatchTensor;
import org.vlbert.data.load.ElementType;

/**
 * The {@code image} batch tensor [B, 3, H, W]: each transformed image at the top left, zeros
 * elsewhere (the reference collate's bottom/right padding).
 */
public final class PaddedImages {
    private PaddedImages() {}

    /** @param height at least the largest image height; @param width at least the largest width */
    public static BatchTensor write(List<PreparedImage> images, int height, int width, BatchContext ctx) {
        BatchTensor t = ctx.allocate(ElementType.FLOAT, images.size(), 3, height, width);
        FloatBuffer dst = t.data().asFloatBuffer();
        float[] zeros = new float[width]; // pooled buffers hold old batches: padding is written, not assumed
        for (int i = 0; i < images.size(); i++) {
            PreparedImage img = images.get(i);
            if (img.height() > height || img.width() > width) {
                throw new IllegalArgumentException("image " + img.width() + "x" + img.height() + " exceeds the batch size "
                        + width + "x" + height);
            }
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < height; y++) {
                    int at = ((i * 3 + c) * height + y) * width;
                    int x = 0;
                    if (y < img.height()) {
                        dst.put(at, img.chw(), (c * img.height() + y) * img.width(), img.width());
                        x = img.width();
                    }
                    dst.put(at + x, zeros, 0, width - x);
                }
            }
        }
        return t;
    }

    /** Padded to the largest image of the batch. */
    public static BatchTensor write(List<PreparedImage> images, BatchContext ctx) {
        int h = images.stream().mapToInt(PreparedImage::height).max().orElseThrow();
        int w = images.stream().mapToInt(PreparedImage::width).max().orElseThrow();
        return write(images, h, w, ctx);
    }
}
