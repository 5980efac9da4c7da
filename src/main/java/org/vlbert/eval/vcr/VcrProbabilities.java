package org.vlbert.eval.vcr;

import org.vlbert.graphs.tensor.HostTensor;

/**
 * The VCR test probabilities: {@code softmax(label_logits)} over the 4 choices of each row, in
 * float32 as the reference's {@code F.softmax(logits.float(), dim=1)} (computed in double here
 * and rounded once, which is at least as accurate).
 */
public final class VcrProbabilities {
    public static final int CHOICES = 4;

    private VcrProbabilities() {}

    /** Softmax of each row of [rows, 4] logits. */
    public static float[][] softmax(HostTensor logits) {
        if (logits.rank() != 2 || logits.dim(1) != CHOICES) {
            throw new IllegalArgumentException("VCR label_logits must be [batch, 4], got "
                    + java.util.Arrays.toString(logits.shape()));
        }
        float[] v = logits.toFloatArrayConverted();
        int rows = (int) logits.dim(0);
        float[][] out = new float[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = softmax(v, r * CHOICES, CHOICES);
        }
        return out;
    }

    /** Softmax of {@code values[offset, offset + n)} (max-shifted, so large logits cannot overflow). */
    public static float[] softmax(float[] values, int offset, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, values[offset + i]);
        }
        double[] e = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            e[i] = Math.exp(values[offset + i] - max);
            sum += e[i];
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (e[i] / sum);
        }
        return out;
    }
}
