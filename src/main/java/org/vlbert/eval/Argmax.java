package org.vlbert.eval;

import java.nio.FloatBuffer;
import org.vlbert.graphs.tensor.HostTensor;

/** Row-wise arg-max of a [rows, cols] score matrix: the first maximum on ties, as torch.argmax on CPU. */
public final class Argmax {
    private Argmax() {}

    public static int[] rows(float[] scores, int rows, int cols) {
        if (scores.length != rows * cols) {
            throw new IllegalArgumentException(scores.length + " scores do not form " + rows + " x " + cols);
        }
        FloatBuffer v = FloatBuffer.wrap(scores);
        int[] out = new int[rows];
        for (int r = 0; r < rows; r++) {
            out[r] = first(v, r * cols, cols);
        }
        return out;
    }

    /** Index (0 .. n-1) of the first maximum of the {@code n >= 1} scores from {@code at}. */
    public static int first(FloatBuffer scores, int at, int n) {
        int best = 0;
        float max = scores.get(at);
        for (int j = 1; j < n; j++) {
            float x = scores.get(at + j);
            if (x > max) {
                max = x;
                best = j;
            }
        }
        return best;
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
