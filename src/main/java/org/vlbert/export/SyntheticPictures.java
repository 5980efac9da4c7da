package org.vlbert.export;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Stand-in images for the self-test of an end-to-end package when export is given no real sample:
 * a PNG with coloured rectangles on a plain background, and the rectangles as its boxes.
 */
final class SyntheticPictures {
    private SyntheticPictures() {}

    /**
     * Writes {@code dir/synthetic-<index>.png} and returns it with its rectangles' boxes; as VCR
     * metadata ({@code vcr}: boxes with a score of 1 and each rectangle as its polygon) or as plain boxes.
     */
    static Query.PixelInput write(Path dir, int index, int width, int height, int boxes, long seed, boolean vcr)
            throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256)));
            g.fillRect(0, 0, width, height);
            float[][] out = new float[boxes][];
            for (int i = 0; i < boxes; i++) {
                int w = 16 + r.nextInt(Math.max(1, width / 3));
                int h = 16 + r.nextInt(Math.max(1, height / 3));
                int x = r.nextInt(Math.max(1, width - w));
                int y = r.nextInt(Math.max(1, height - h));
                g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256)));
                g.fillRect(x, y, w, h);
                out[i] = new float[] {x, y, x + w - 1, y + h - 1};
            }
            Path file = dir.resolve("synthetic-" + index + ".png");
            ImageIO.write(img, "png", file.toFile());
            if (!vcr) {
                return new Query.PixelInput(file, out);
            }
            float[][] scored = new float[boxes][];
            float[][][] segms = new float[boxes][][];
            for (int i = 0; i < boxes; i++) {
                float[] b = out[i];
                scored[i] = new float[] {b[0], b[1], b[2], b[3], 1f};
                segms[i] = new float[][] {{b[0], b[1], b[2], b[1], b[2], b[3], b[0], b[3]}};
            }
            return new Query.PixelInput(file, scored, segms);
        } finally {
            g.dispose();
        }
    }
}
