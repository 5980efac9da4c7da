package org.vlbert.train.optim;

import java.nio.FloatBuffer;
import java.util.List;

/**
 * {@code torch.optim.Adam} as of PyTorch 1.0/1.1 (amsgrad off), per element:
 *
 * <pre>
 * g' = g + wd·p                                          (L2 decay, only if wd ≠ 0)
 * m = β1·m + (1−β1)·g'
 * v = β2·v + (1−β2)·g'²
 * p = p − lr·sqrt(1−β2^t)/(1−β1^t) · m/(sqrt(v) + eps)   (uncorrected v under the sqrt)
 * </pre>
 */
public final class Adam extends AbstractOptimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;

    /** With PyTorch's defaults: betas (0.9, 0.999), eps 1e-8. */
    public Adam(List<ParamGroup> groups) {
        this(groups, 0.9, 0.999, 1e-8, null);
    }

    /** @param allocator where moments live; {@code null} for a private direct arena */
    public Adam(List<ParamGroup> groups, double beta1, double beta2, double eps, StateAllocator allocator) {
        super("Adam", groups, List.of(OptimizerState.EXP_AVG, OptimizerState.EXP_AVG_SQ), allocator);
        AdamMath.checkHyper(beta1, beta2, eps);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    @Override
    protected void update(ParamGroup group, Param param, FloatBuffer[] st, long t, Scratch s) {
        double stepSize = AdamMath.biasCorrectedStepSize(group.lr(), beta1, beta2, t);
        AdamMath.step(param.value(), param.grad(), st[0], st[1], (float) group.weightDecay(),
                (float) beta1, (float) (1.0 - beta1), (float) beta2, (float) (1.0 - beta2),
                (float) eps, (float) -stepSize, 0f, s.p(), s.g(), s.a(), s.b());
    }
}
