package org.vlbert.train.optim;

import java.nio.FloatBuffer;
import java.util.List;

/**
 * {@code torch.optim.SGD} with dampening 0 and no Nesterov (the reference's VCR setting), per element:
 *
 * <pre>
 * d = g + wd·p                       (only if wd ≠ 0)
 * buf = d                            on the parameter's first update
 * buf = μ·buf + d                    afterwards
 * p = p − lr·buf                     (p = p − lr·d when μ = 0; no state is kept then)
 * </pre>
 */
public final class SGD extends AbstractOptimizer {
    private final double momentum;

    public SGD(List<ParamGroup> groups, double momentum) {
        this(groups, momentum, null);
    }

    /** @param allocator where momentum buffers live; {@code null} for a private direct arena */
    public SGD(List<ParamGroup> groups, double momentum, StateAllocator allocator) {
        super("SGD", groups, momentum != 0.0 ? List.of(OptimizerState.MOMENTUM_BUFFER) : List.of(), allocator);
        if (!(momentum >= 0) || Double.isInfinite(momentum)) {
            throw new OptimizerException("SGD momentum (TRAIN.MOMENTUM) must be a finite non-negative number, got " + momentum);
        }
        this.momentum = momentum;
    }

    @Override
    protected void update(ParamGroup group, Param param, FloatBuffer[] st, long t, Scratch s) {
        float wd = (float) group.weightDecay();
        float negLr = (float) -group.lr();
        float mu = (float) momentum;
        boolean first = t == 1;
        FloatBuffer p = param.value();
        FloatBuffer g = param.grad();
        FloatBuffer buf = st.length > 0 ? st[0] : null;
        float[] ps = s.p();
        float[] ds = s.g();
        float[] bs = s.a();
        int n = p.limit();
        for (int off = 0; off < n; off += FloatBuffers.CHUNK) {
            int len = Math.min(FloatBuffers.CHUNK, n - off);
            p.get(off, ps, 0, len);
            g.get(off, ds, 0, len);
            if (wd != 0f) {
                for (int i = 0; i < len; i++) {
                    ds[i] = ds[i] + wd * ps[i];
                }
            }
            if (buf == null) {
                for (int i = 0; i < len; i++) {
                    ps[i] = ps[i] + negLr * ds[i];
                }
            } else {
                if (first) {
                    System.arraycopy(ds, 0, bs, 0, len);
                } else {
                    buf.get(off, bs, 0, len);
                    for (int i = 0; i < len; i++) {
                        bs[i] = bs[i] * mu + ds[i];
                    }
                }
                for (int i = 0; i < len; i++) {
                    ps[i] = ps[i] + negLr * bs[i];
                }
                buf.put(off, bs, 0, len);
            }
            p.put(off, ps, 0, len);
        }
    }
}
