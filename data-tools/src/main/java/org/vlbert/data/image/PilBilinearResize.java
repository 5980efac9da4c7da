package org.vlbert.data.image;

/**
 * PIL's {@code Image.resize(size, BILINEAR)} on 8-bit RGB, which torchvision's {@code Resize}
 * calls: a separable convolution with the triangle filter whose support grows with the
 * downscaling factor (antialiased; upscaling uses support 1), horizontal pass first, each pass
 * in 22-bit fixed point and rounded to 8 bits. Same coefficients, bounds, rounding and pass
 * order as Pillow's {@code Resample.c}, so results are bit-identical to PIL's on the same pixels.
 */
public final class PilBilinearResize {
    private static final int PRECISION_BITS = 32 - 8 - 2;
    private static final double SUPPORT = 1.0;

    private PilBilinearResize() {}

    public static RgbImage resize(RgbImage src, int outW, int outH) {
        if (outW <= 0 || outH <= 0) {
            throw new IllegalArgumentException("target size must be positive, got " + outW + "x" + outH);
        }
        if (outW == src.width() && outH == src.height()) {
            return new RgbImage(outW, outH, src.rgb().clone());
        }
        Coeffs horiz = Coeffs.of(src.width(), outW);
        Coeffs vert = Coeffs.of(src.height(), outH);
        RgbImage tmp = src;
        int firstRow = 0;
        if (outW != src.width()) {
            // Only the source rows the vertical pass reads go through the horizontal pass.
            firstRow = vert.start[0];
            int lastRow = vert.start[outH - 1] + vert.count[outH - 1];
            tmp = horizontal(src, horiz, firstRow, lastRow - firstRow);
        }
        if (outH == src.height()) {
            return tmp;
        }
        return vertical(tmp, vert, firstRow);
    }

    /** Per output position: first input index, number of taps, fixed-point weights. */
    private record Coeffs(int[] start, int[] count, int[] weights, int taps) {
        static Coeffs of(int inSize, int outSize) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = SUPPORT * filterScale;
            int taps = (int) Math.ceil(support) * 2 + 1;
            int[] start = new int[outSize];
            int[] count = new int[outSize];
            int[] weights = new int[outSize * taps];
            double[] k = new double[taps];
            for (int o = 0; o < outSize; o++) {
                double center = (o + 0.5) * scale;
                double invScale = 1.0 / filterScale;
                int lo = Math.max((int) (center - support + 0.5), 0);
                int hi = Math.min((int) (center + support + 0.5), inSize) - lo;
                double sum = 0;
                for (int x = 0; x < hi; x++) {
                    k[x] = triangle((x + lo - center + 0.5) * invScale);
                    sum += k[x];
                }
                for (int x = 0; x < hi; x++) {
                    double w = sum != 0 ? k[x] / sum : k[x];
                    double fixed = w * (1 << PRECISION_BITS);
                    weights[o * taps + x] = (int) (w < 0 ? -0.5 + fixed : 0.5 + fixed);
                }
                start[o] = lo;
                count[o] = hi;
            }
            return new Coeffs(start, count, weights, taps);
        }
    }

    private static double triangle(double x) {
        double a = Math.abs(x);
        return a < 1.0 ? 1.0 - a : 0.0;
    }

    private static int clip8(int v) {
        if (v >= (1 << PRECISION_BITS << 8)) {
            return 255;
        }
        if (v <= 0) {
            return 0;
        }
        return v >> PRECISION_BITS;
    }

    private static RgbImage horizontal(RgbImage in, Coeffs c, int firstRow, int rows) {
        int outW = c.start.length;
        byte[] src = in.rgb();
        byte[] out = new byte[outW * rows * 3];
        for (int y = 0; y < rows; y++) {
            int rowBase = (y + firstRow) * in.width() * 3;
            for (int o = 0; o < outW; o++) {
                int base = o * c.taps;
                for (int ch = 0; ch < 3; ch++) {
                    int acc = 1 << (PRECISION_BITS - 1);
                    for (int t = 0; t < c.count[o]; t++) {
                        acc += (src[rowBase + (c.start[o] + t) * 3 + ch] & 0xff) * c.weights[base + t];
                    }
                    out[(y * outW + o) * 3 + ch] = (byte) clip8(acc);
                }
            }
        }
        return new RgbImage(outW, rows, out);
    }

    /** {@code firstRow}: the source row that row 0 of {@code in} holds. */
    private static RgbImage vertical(RgbImage in, Coeffs c, int firstRow) {
        int outH = c.start.length;
        int w = in.width();
        byte[] src = in.rgb();
        byte[] out = new byte[w * outH * 3];
        for (int o = 0; o < outH; o++) {
            int base = o * c.taps;
            int first = c.start[o] - firstRow;
            for (int x = 0; x < w; x++) {
                for (int ch = 0; ch < 3; ch++) {
                    int acc = 1 << (PRECISION_BITS - 1);
                    for (int t = 0; t < c.count[o]; t++) {
                        acc += (src[((first + t) * w + x) * 3 + ch] & 0xff) * c.weights[base + t];
                    }
                    out[(o * w + x) * 3 + ch] = (byte) clip8(acc);
                }
            }
        }
        return new RgbImage(w, outH, out);
    }
}
