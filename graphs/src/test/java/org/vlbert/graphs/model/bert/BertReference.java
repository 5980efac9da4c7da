package org.vlbert.graphs.model.bert;

import java.util.Map;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * A plain double-precision transcription of one BERT layer as /work/shared/reference/model.md §2
 * states it (Linear y = x Wᵀ + b, additive key mask (1 - m) * -10000, scores / sqrt(dh), erf GELU,
 * TF-style LayerNorm with eps inside the square root, post-LN residuals). Test oracle only.
 */
final class BertReference {
    private final Map<String, HostTensor> p;
    private final String prefix;
    private final int hidden;
    private final int heads;
    private final double eps;

    BertReference(Map<String, HostTensor> params, String prefix, int hidden, int heads, double eps) {
        this.p = params;
        this.prefix = prefix;
        this.hidden = hidden;
        this.heads = heads;
        this.eps = eps;
    }

    /** h [L][H] of one sample, keyMask [L] of 0/1; returns the layer output [L][H]. */
    double[][] layer(double[][] h, long[] keyMask) {
        int len = h.length;
        int dh = hidden / heads;
        double[][] q = linear(h, "attention.self.query");
        double[][] k = linear(h, "attention.self.key");
        double[][] v = linear(h, "attention.self.value");
        double[][] context = new double[len][hidden];
        for (int head = 0; head < heads; head++) {
            int off = head * dh;
            for (int i = 0; i < len; i++) {
                double[] s = new double[len];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < len; j++) {
                    double dot = 0;
                    for (int d = 0; d < dh; d++) {
                        dot += q[i][off + d] * k[j][off + d];
                    }
                    s[j] = dot / Math.sqrt(dh) + (1 - keyMask[j]) * -10000.0;
                    max = Math.max(max, s[j]);
                }
                double z = 0;
                for (int j = 0; j < len; j++) {
                    s[j] = Math.exp(s[j] - max);
                    z += s[j];
                }
                for (int j = 0; j < len; j++) {
                    for (int d = 0; d < dh; d++) {
                        context[i][off + d] += s[j] / z * v[j][off + d];
                    }
                }
            }
        }
        double[][] a = layerNorm(add(linear(context, "attention.output.dense"), h), "attention.output.LayerNorm");
        double[][] inter = linear(a, "intermediate.dense");
        for (double[] row : inter) {
            for (int c = 0; c < row.length; c++) {
                row[c] = row[c] * 0.5 * (1 + erf(row[c] / Math.sqrt(2)));
            }
        }
        return layerNorm(add(linear(inter, "output.dense"), a), "output.LayerNorm");
    }

    private double[][] linear(double[][] x, String name) {
        HostTensor w = p.get(prefix + name + ".weight");
        float[] wv = w.toFloatArray();
        float[] bv = p.get(prefix + name + ".bias").toFloatArray();
        int out = (int) w.dim(0);
        int in = (int) w.dim(1);
        double[][] y = new double[x.length][out];
        for (int r = 0; r < x.length; r++) {
            for (int o = 0; o < out; o++) {
                double s = bv[o];
                for (int i = 0; i < in; i++) {
                    s += x[r][i] * wv[o * in + i];
                }
                y[r][o] = s;
            }
        }
        return y;
    }

    private double[][] layerNorm(double[][] x, String name) {
        float[] g = p.get(prefix + name + ".weight").toFloatArray();
        float[] b = p.get(prefix + name + ".bias").toFloatArray();
        double[][] y = new double[x.length][];
        for (int r = 0; r < x.length; r++) {
            double u = 0;
            for (double e : x[r]) {
                u += e;
            }
            u /= x[r].length;
            double s = 0;
            for (double e : x[r]) {
                s += (e - u) * (e - u);
            }
            s /= x[r].length;
            y[r] = new double[x[r].length];
            for (int c = 0; c < x[r].length; c++) {
                y[r][c] = g[c] * (x[r][c] - u) / Math.sqrt(s + eps) + b[c];
            }
        }
        return y;
    }

    private static double[][] add(double[][] a, double[][] b) {
        double[][] y = new double[a.length][a[0].length];
        for (int r = 0; r < a.length; r++) {
            for (int c = 0; c < a[0].length; c++) {
                y[r][c] = a[r][c] + b[r][c];
            }
        }
        return y;
    }

    /** erf by Abramowitz &amp; Stegun 7.1.26 (absolute error below 1.5e-7, far under the test tolerance). */
    static double erf(double x) {
        double t = 1 / (1 + 0.3275911 * Math.abs(x));
        double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
        double r = 1 - poly * Math.exp(-x * x);
        return x >= 0 ? r : -r;
    }
}
