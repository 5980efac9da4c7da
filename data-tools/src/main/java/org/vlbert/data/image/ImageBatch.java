package org.vlbert.data.image;

import java.util.List;

/**
 * Images of one batch zero-padded at the bottom and right to the batch's largest height and
 * width (the reference's collate): {@code data} is [batch, 3, height, width].
 */
public record ImageBatch(int batch, int height, int width, float[] data) {
    public static ImageBatch pad(List<PreparedImage> images) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("an image batch needs at least one image");
        }
        int h = images.stream().mapToInt(PreparedImage::height).max().orElseThrow();
        int w = images.stream().mapToInt(PreparedImage::width).max().orElseThrow();
        float[] data = new float[images.size() * 3 * h * w];
        for (int b = 0; b < images.size(); b++) {
            PreparedImage img = images.get(b);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < img.height(); y++) {
                    System.arraycopy(img.chw(), (c * img.height() + y) * img.width(), data,
                            ((b * 3 + c) * h + y) * w, img.width());
                }
            }
        }
        return new ImageBatch(images.size(), h, w, data);
    }

    public long[] shape() {
        return new long[] {batch, 3, height, width};
    }
}
