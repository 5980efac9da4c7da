package org.vlbert.graphs.testutil;

import java.util.Arrays;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * Double-precision Java implementations of the reference visual module's formulas (model.md
 * §6.4), written from the spec with plain loops and no graph code: PyTorch Conv2d (no bias),
 * BatchNorm2d in eval mode, ReLU, MaxPool2d (-inf padding), AvgPool2d, and the legacy
 * (maskrcnn-benchmark, aligned=False) RoIAlign. Used as the parity oracle of the pixel path.
 */
public final class VisionReference {
    private VisionReference() {}

    /** A dense double tensor in row-major order. */
    public record T(long[] shape, double[] data) {
        public T {
            if (HostTensor.numel(shape) != data.length) {
                throw new IllegalArgumentException(Arrays.toString(shape) + " vs " + data.length + " values");
            }
        }

        public int dim(int i) {
            return (int) shape[i];
        }

        public static T of(HostTensor h) {
            float[] f = h.toFloatArray();
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return new T(h.shape().clone(), d);
        }

        public HostTensor toFloat() {
            HostTensor h = HostTensor.allocate(DType.FLOAT, shape);
            var fb = h.floatView();
            for (int i = 0; i < data.length; i++) {
                fb.put(i, (float) data[i]);
            }
            return h;
        }
    }

    /** PyTorch Conv2d(bias=False): x [N, Ci, H, W], w [Co, Ci, k, k]. */
    public static T conv(T x, T w, int stride, int pad, int dilation) {
        int n = x.dim(0);
        int ci = x.dim(1);
        int h = x.dim(2);
        int wd = x.dim(3);
        int co = w.dim(0);
        int kh = w.dim(2);
        int kw = w.dim(3);
        int oh = (h + 2 * pad - dilation * (kh - 1) - 1) / stride + 1;
        int ow = (wd + 2 * pad - dilation * (kw - 1) - 1) / stride + 1;
        double[] out = new double[n * co * oh * ow];
        // Accumulate tap by tap into whole output planes (the same sum, in a cache-friendly order).
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < co; o++) {
                int outBase = (b * co + o) * oh * ow;
                for (int c = 0; c < ci; c++) {
                    int inBase = (b * ci + c) * h * wd;
                    for (int i = 0; i < kh; i++) {
                        for (int j = 0; j < kw; j++) {
                            double wv = w.data[((o * ci + c) * kh + i) * kw + j];
                            for (int y = 0; y < oh; y++) {
                                int iy = y * stride - pad + i * dilation;
                                if (iy < 0 || iy >= h) {
                                    continue;
                                }
                                int row = inBase + iy * wd;
                                int orow = outBase + y * ow;
                                for (int xx = 0; xx < ow; xx++) {
                                    int ix = xx * stride - pad + j * dilation;
                                    if (ix >= 0 && ix < wd) {
                                        out[orow + xx] += wv * x.data[row + ix];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return new T(new long[] {n, co, oh, ow}, out);
    }

    /** BatchNorm2d in eval mode: (x - mean) / sqrt(var + eps) * gamma + beta, per channel. */
    public static T batchNorm(T x, double[] gamma, double[] beta, double[] mean, double[] var, double eps) {
        int c = x.dim(1);
        int plane = x.dim(2) * x.dim(3);
        double[] out = x.data.clone();
        for (int i = 0; i < out.length; i++) {
            int ch = (i / plane) % c;
            out[i] = (out[i] - mean[ch]) / Math.sqrt(var[ch] + eps) * gamma[ch] + beta[ch];
        }
        return new T(x.shape, out);
    }

    public static T relu(T x) {
        double[] out = x.data.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(out[i], 0);
        }
        return new T(x.shape, out);
    }

    public static T add(T a, T b) {
        double[] out = a.data.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += b.data[i];
        }
        return new T(a.shape, out);
    }

    /** MaxPool2d(k, stride, pad): padded cells never win. */
    public static T maxPool(T x, int k, int stride, int pad) {
        int n = x.dim(0);
        int c = x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        int oh = (h + 2 * pad - k) / stride + 1;
        int ow = (w + 2 * pad - k) / stride + 1;
        double[] out = new double[n * c * oh * ow];
        for (int p = 0; p < n * c; p++) {
            for (int y = 0; y < oh; y++) {
                for (int xx = 0; xx < ow; xx++) {
                    double m = Double.NEGATIVE_INFINITY;
                    for (int i = 0; i < k; i++) {
                        for (int j = 0; j < k; j++) {
                            int iy = y * stride - pad + i;
                            int ix = xx * stride - pad + j;
                            if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                m = Math.max(m, x.data[(p * h + iy) * w + ix]);
                            }
                        }
                    }
                    out[(p * oh + y) * ow + xx] = m;
                }
            }
        }
        return new T(new long[] {n, c, oh, ow}, out);
    }

    /** AvgPool2d(k, stride), no padding. */
    public static T avgPool(T x, int k, int stride) {
        int n = x.dim(0);
        int c = x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        int oh = (h - k) / stride + 1;
        int ow = (w - k) / stride + 1;
        double[] out = new double[n * c * oh * ow];
        for (int p = 0; p < n * c; p++) {
            for (int y = 0; y < oh; y++) {
                for (int xx = 0; xx < ow; xx++) {
                    double s = 0;
                    for (int i = 0; i < k; i++) {
                        for (int j = 0; j < k; j++) {
                            s += x.data[(p * h + y * stride + i) * w + xx * stride + j];
                        }
                    }
                    out[(p * oh + y) * ow + xx] = s / (k * k);
                }
            }
        }
        return new T(new long[] {n, c, oh, ow}, out);
    }

    /**
     * Legacy RoIAlign (model.md §6.4): rois [K, 5] rows (batch index, x1, y1, x2, y2) in image
     * pixels; no -0.5 shift; RoI size at least 1; {@code ratio} samples per bin and axis.
     */
    public static T roiAlign(T f, double[][] rois, int outH, int outW, double scale, int ratio) {
        int c = f.dim(1);
        int h = f.dim(2);
        int w = f.dim(3);
        double[] out = new double[rois.length * c * outH * outW];
        for (int k = 0; k < rois.length; k++) {
            int b = (int) rois[k][0];
            // fp32 in the reference: the coordinates are rounded to float like its kernel's inputs
            double sx1 = (float) (rois[k][1] * (float) scale);
            double sy1 = (float) (rois[k][2] * (float) scale);
            double sx2 = (float) (rois[k][3] * (float) scale);
            double sy2 = (float) (rois[k][4] * (float) scale);
            double rw = Math.max(sx2 - sx1, 1);
            double rh = Math.max(sy2 - sy1, 1);
            double bw = rw / outW;
            double bh = rh / outH;
            for (int ch = 0; ch < c; ch++) {
                int plane = (b * c + ch) * h * w;
                for (int ph = 0; ph < outH; ph++) {
                    for (int pw = 0; pw < outW; pw++) {
                        double s = 0;
                        for (int iy = 0; iy < ratio; iy++) {
                            double y = sy1 + ph * bh + (iy + 0.5) * bh / ratio;
                            for (int ix = 0; ix < ratio; ix++) {
                                double x = sx1 + pw * bw + (ix + 0.5) * bw / ratio;
                                s += bilinear(f.data, plane, h, w, y, x);
                            }
                        }
                        out[((k * c + ch) * outH + ph) * outW + pw] = s / (ratio * ratio);
                    }
                }
            }
        }
        return new T(new long[] {rois.length, c, outH, outW}, out);
    }

    private static double bilinear(double[] f, int plane, int h, int w, double y, double x) {
        if (y < -1 || y > h || x < -1 || x > w) {
            return 0;
        }
        y = Math.max(y, 0);
        x = Math.max(x, 0);
        int yl = (int) Math.floor(y);
        int xl = (int) Math.floor(x);
        int yh;
        int xh;
        if (yl >= h - 1) {
            yl = h - 1;
            yh = yl;
            y = yl;
        } else {
            yh = yl + 1;
        }
        if (xl >= w - 1) {
            xl = w - 1;
            xh = xl;
            x = xl;
        } else {
            xh = xl + 1;
        }
        double ly = y - yl;
        double lx = x - xl;
        double hy = 1 - ly;
        double hx = 1 - lx;
        return hy * hx * f[plane + yl * w + xl] + hy * lx * f[plane + yl * w + xh]
                + ly * hx * f[plane + yh * w + xl] + ly * lx * f[plane + yh * w + xh];
    }

    /** Largest |a - b| over all elements. */
    public static double maxAbsDiff(T a, float[] b) {
        if (a.data.length != b.length) {
            throw new AssertionError("sizes differ: " + a.data.length + " vs " + b.length);
        }
        double m = 0;
        for (int i = 0; i < b.length; i++) {
            m = Math.max(m, Math.abs(a.data[i] - b[i]));
        }
        return m;
    }

    public static double maxAbs(T a) {
        double m = 0;
        for (double v : a.data) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
