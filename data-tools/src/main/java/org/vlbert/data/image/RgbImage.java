package org.vlbert.data.image;

/**
 * An 8-bit RGB image, pixels row-major with interleaved channels ({@code rgb[(y*width + x)*3 + c]},
 * c = 0 red, 1 green, 2 blue), as PIL holds an {@code "RGB"} image.
 */
public record RgbImage(int width, int height, byte[] rgb) {
    public RgbImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (rgb.length != (long) width * height * 3) {
            throw new IllegalArgumentException(rgb.length + " bytes for a " + width + "x" + height + " RGB image");
        }
    }

    /** Channel {@code c} of pixel (x, y), 0..255. */
    public int get(int x, int y, int c) {
        return rgb[(y * width + x) * 3 + c] & 0xff;
    }
}
