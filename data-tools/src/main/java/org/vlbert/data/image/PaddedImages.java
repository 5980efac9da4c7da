package org.vlbert.data.image;

import java.nio.ByteBuffer;
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
        ByteBuffer dst = t.data();
        for (int i = 0; i < images.size(); i++) {
            PreparedImage img = images.get(i);
            if (img.height() > height || img.width() > width) {
                throw new IllegalArgumentException("image " + img.width() + "x" + img.height() + " exceeds the batch size "
                        + width + "x" + height);
            }
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < height; y++) {
                    int at = (((i * 3 + c) * height + y) * width) * 4;
                    int x = 0;
                    if (y < img.height()) {
                        int src = (c * img.height() + y) * img.width();
                        for (; x < img.width(); x++) {
                            dst.putFloat(at + x * 4, img.chw()[src + x]);
                        }
                    }
                    for (; x < width; x++) {
                        dst.putFloat(at + x * 4, 0f);
                    }
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
