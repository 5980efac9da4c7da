package org.vlbert.train.optim;

import java.nio.FloatBuffer;
import java.util.List;

/**
 * Global L2-norm gradient clipping, as {@code torch.nn.utils.clip_grad_norm_(params, max_norm)}
 * (norm type 2) of PyTorch 1.x:
 *
 * <pre>
 * total = sqrt(Σ_p Σ_i g_p[i]²)            over every parameter with a gradient
 * coef  = max_norm / (total + 1e-6)
 * if coef &lt; 1: every gradient *= coef
 * </pre>
 *
 * The sum is accumulated in double (PyTorch sums each tensor in float32 and the per-tensor norms in
 * double; the difference is far below float32 resolution of the result). A non-finite total norm is
 * reported and the gradients are left untouched: PyTorch 1.1 would skip scaling for NaN but multiply
 * by 0 for +Inf; either way the step is garbage, and the caller decides (skip under FP16, fail otherwise).
 */
public final class GradClipper {
    /** Added to the norm in the denominator of the clip coefficient, as PyTorch does. */
    public static final double NORM_EPS = 1e-6;

    private final double maxNorm;
    private final float[] scratch = FloatBuffers.scratch();

    /** @param maxNorm {@code TRAIN.CLIP_GRAD_NORM}; must be positive (≤ 0 means "no clipping" to the caller) */
    public GradClipper(double maxNorm) {
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new OptimizerException("TRAIN.CLIP_GRAD_NORM must be a positive finite number to clip, got " + maxNorm);
        }
        this.maxNorm = maxNorm;
    }

    /** Outcome of one clip: the pre-clip norm (what the reference logs) and what was done. */
    public record Result(double totalNorm, double clipCoef, boolean clipped) {
        /** False when the gradients contain NaN or ±Inf (then nothing was scaled). */
        public boolean finite() {
            return Double.isFinite(totalNorm);
        }
    }

    public double maxNorm() {
        return maxNorm;
    }

    /** Clips {@code grads} (each over {@code [0, limit)}) in place and returns the pre-clip norm. */
    public Result clip(List<FloatBuffer> grads) {
        double total = globalNorm(grads, scratch);
        if (!Double.isFinite(total)) {
            return new Result(total, Double.NaN, false);
        }
        double coef = maxNorm / (total + NORM_EPS);
        if (coef < 1.0) {
            float f = (float) coef;
            for (FloatBuffer g : grads) {
                FloatBuffers.scale(g, f, scratch);
            }
            return new Result(total, coef, true);
        }
        return new Result(total, coef, false);
    }

    /** {@code sqrt(Σ g²)} over all buffers; NaN/Inf if any element is non-finite. */
    public static double globalNorm(List<FloatBuffer> grads, float[] scratch) {
        double sum = 0.0;
        for (FloatBuffer g : grads) {
            sum += FloatBuffers.sumOfSquares(g, scratch);
        }
        return Math.sqrt(sum);
    }
}
