package org.vlbert.eval;

import org.vlbert.graphs.tensor.HostTensor;

/** Row-wise arg-max of a [rows, cols] score matrix: the first maximum on ties, as torch.argmax on CPU. */
public final class Argmax {
    private Argmax() {}

    public static int[] rows(float[] scores, int rows, int cols) {
        if (scores.length != rows * cols) {
            throw new IllegalArgumentException(scores.length + " scores do not form " + rows + " x " + cols);
        }
        int[] out = new int[rows];
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            int best = 0;
            for (int c = 1; c < cols; c++) {
                if (scores[base + c] > scores[base + best]) {
                    best = c;
                }
            }
            out[r] = best;
        }
        return out;
    }

    /** Arg-max over the last axis of a 2-D float tensor. */
    public static int[] rows(HostTensor scores) {
        if (scores.rank() != 2) {
            throw new IllegalArgumentException("expected [rows, cols] scores, got shape "
                    + java.util.Arrays.toString(scores.shape()));
        }
        return rows(scores.toFloatArrayConverted(), (int) scores.dim(0), (int) scores.dim(1));
    }
}
