package org.vlbert.train.optim;

import java.nio.FloatBuffer;
import java.util.List;

/**
 * The reference's AdamW ({@code common/nlp/bert/optimization.py}), per element, with t the
 * parameter's update counter:
 *
 * <pre>
 * m = β1·m + (1−β1)·g
 * v = β2·v + (1−β2)·g²
 * denom = sqrt(v) + eps                                  (uncorrected v)
 * step_size = lr·sqrt(1−β2^t)/(1−β1^t)  if correct_bias, else lr
 * p = p − step_size·m/denom
 * p = p − lr·wd·p                                        (on the updated p, only if wd &gt; 0)
 * </pre>
 *
 * Every parameter of a group is decayed (no exclusions). Element arithmetic is float32 in the
 * order PyTorch evaluates it; scalar factors are computed in double and rounded to float once,
 * as PyTorch does when it passes a Python float to a float tensor op.
 */
public final class AdamW extends AbstractOptimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final boolean correctBias;

    /** With the reference's hyper-parameters: betas (0.9, 0.999), eps 1e-6, bias correction on. */
    public AdamW(List<ParamGroup> groups) {
        this(groups, 0.9, 0.999, 1e-6, true, null);
    }

    /** @param allocator where moments live; {@code null} for a private direct arena */
    public AdamW(List<ParamGroup> groups, double beta1, double beta2, double eps, boolean correctBias,
            StateAllocator allocator) {
        super("AdamW", groups, List.of(OptimizerState.EXP_AVG, OptimizerState.EXP_AVG_SQ), allocator);
        AdamMath.checkHyper(beta1, beta2, eps);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.correctBias = correctBias;
    }

    @Override
    protected void update(ParamGroup group, Param param, FloatBuffer[] st, long t, Scratch s) {
        double lr = group.lr();
        double stepSize = correctBias ? AdamMath.biasCorrectedStepSize(lr, beta1, beta2, t) : lr;
        double wd = group.weightDecay();
        float decay = wd > 0.0 ? (float) (-lr * wd) : 0f;
        AdamMath.step(param.value(), param.grad(), st[0], st[1], 0f,
                (float) beta1, (float) (1.0 - beta1), (float) beta2, (float) (1.0 - beta2),
                (float) eps, (float) -stepSize, decay, s.p(), s.g(), s.a(), s.b());
    }
}
