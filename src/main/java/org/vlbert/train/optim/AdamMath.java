package org.vlbert.train.optim;

import java.nio.FloatBuffer;

/** The element loop shared by {@link Adam} (L2 decay into the gradient) and {@link AdamW} (decoupled decay). */
final class AdamMath {
    private AdamMath() {}

    static void checkHyper(double beta1, double beta2, double eps) {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new OptimizerException("Adam betas must be in [0, 1), got (" + beta1 + ", " + beta2 + ")");
        }
        if (!(eps >= 0) || Double.isInfinite(eps)) {
            throw new OptimizerException("Adam eps must be a finite non-negative number, got " + eps);
        }
    }

    /** {@code lr·sqrt(1−β2^t)/(1−β1^t)}, evaluated in double in Python's order. */
    static double biasCorrectedStepSize(double lr, double beta1, double beta2, long t) {
        double bc1 = 1.0 - StrictMath.pow(beta1, t);
        double bc2 = 1.0 - StrictMath.pow(beta2, t);
        return lr * Math.sqrt(bc2) / bc1;
    }

    /**
     * One Adam-family update of one parameter, in place, chunk by chunk.
     *
     * @param l2 L2 decay added to the gradient first (Adam), 0 for none
     * @param negStep −step_size
     * @param decoupled factor of the decoupled decay {@code p += decoupled·p} after the update
     *     (AdamW: −lr·wd), 0 for none
     */
    static void step(FloatBuffer p, FloatBuffer g, FloatBuffer m, FloatBuffer v, float l2,
            float b1, float oneMinusB1, float b2, float oneMinusB2, float eps, float negStep, float decoupled,
            float[] ps, float[] gs, float[] ms, float[] vs) {
        int n = p.limit();
        for (int off = 0; off < n; off += FloatBuffers.CHUNK) {
            int len = Math.min(FloatBuffers.CHUNK, n - off);
            p.get(off, ps, 0, len);
            g.get(off, gs, 0, len);
            m.get(off, ms, 0, len);
            v.get(off, vs, 0, len);
            if (l2 != 0f) {
                for (int i = 0; i < len; i++) {
                    gs[i] = gs[i] + l2 * ps[i];
                }
            }
            for (int i = 0; i < len; i++) {
                float gi = gs[i];
                float mi = ms[i] * b1 + oneMinusB1 * gi;
                float vi = vs[i] * b2 + oneMinusB2 * gi * gi;
                ms[i] = mi;
                vs[i] = vi;
                float denom = (float) Math.sqrt(vi) + eps;
                ps[i] = ps[i] + negStep * mi / denom;
            }
            if (decoupled != 0f) {
                for (int i = 0; i < len; i++) {
                    ps[i] = ps[i] + decoupled * ps[i];
                }
            }
            p.put(off, ps, 0, len);
            m.put(off, ms, 0, len);
            v.put(off, vs, 0, len);
        }
    }
}
