package org.vlbert.data.image;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Decodes JPEG, PNG, BMP and GIF files (javax.imageio) to 8-bit RGB as PIL's
 * {@code Image.open(f).convert("RGB")} does: grey levels are replicated into R, G and B (not
 * colour-managed, unlike {@code BufferedImage.getRGB}), alpha is dropped, palettes are expanded.
 * EXIF orientation is ignored, as PIL ignores it when opening. Unreadable files (CMYK JPEGs,
 * truncated or non-image data) raise {@link BadImageException} naming the file.
 */
public final class ImageDecoder {
    private ImageDecoder() {}

    public static RgbImage read(Path file) {
        BufferedImage img;
        try (InputStream in = Files.newInputStream(file)) {
            img = ImageIO.read(in);
        } catch (NoSuchFileException e) {
            throw new BadImageException(file, "no such file", "Check the image directory and the image ids");
        } catch (IOException | RuntimeException e) {
            throw new BadImageException(file, "cannot be decoded: " + e.getMessage(),
                    "Re-encode it as an RGB JPEG or PNG (CMYK and YCCK JPEGs are not supported)", e);
        }
        if (img == null) {
            throw new BadImageException(file, "is not an image in a format Java can read (JPEG, PNG, BMP, GIF)",
                    "Convert it to JPEG or PNG");
        }
        return toRgb(img);
    }

    static RgbImage toRgb(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] rgb = new byte[w * h * 3];
        Raster r = img.getRaster();
        boolean grey = img.getColorModel() instanceof ComponentColorModel
                && img.getColorModel().getNumColorComponents() == 1 && r.getSampleModel().getSampleSize(0) == 8;
        if (grey) {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                r.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    byte v = (byte) row[x];
                    int o = (y * w + x) * 3;
                    rgb[o] = v;
                    rgb[o + 1] = v;
                    rgb[o + 2] = v;
                }
            }
        } else {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                img.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0; x < w; x++) {
                    int p = row[x];
                    int o = (y * w + x) * 3;
                    rgb[o] = (byte) (p >> 16);
                    rgb[o + 1] = (byte) (p >> 8);
                    rgb[o + 2] = (byte) p;
                }
            }
        }
        return new RgbImage(w, h, rgb);
    }
}
