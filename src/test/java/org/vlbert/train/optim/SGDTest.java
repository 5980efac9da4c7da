package org.vlbert.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vlbert.train.optim.OptimizerTestSupport.assertValues;
import static org.vlbert.train.optim.OptimizerTestSupport.param;
import static org.vlbert.train.optim.OptimizerTestSupport.setGrad;
import static org.vlbert.train.optim.OptimizerTestSupport.single;

import org.junit.jupiter.api.Test;

class SGDTest {
    private static final double[][] GRADS = {{0.2, -0.4, 0.05}, {0.1, 0.3, -0.02}, {-0.3, 0.0, 0.01}};

    /** lr 0.1, momentum 0.9, wd 0.01: buf = d on step 1, then 0.9·buf + d; float64 expectations. */
    @Test
    void momentumWithWeightDecay() {
        Param p = param("w", 0.3, -0.7, 1.5);
        SGD opt = new SGD(single(p, 0.1, 0.01), 0.9);
        double[][] expected = {
            {0.2797, -0.6593, 1.4935},
            {0.2511503, -0.6520106999999999, 1.4881565},
            {0.25520441969999996, -0.6447983193, 1.4808591935000002},
        };
        for (int s = 0; s < 3; s++) {
            setGrad(p, GRADS[s]);
            opt.step();
            assertValues(expected[s], p.value(), 2e-7, "step " + (s + 1));
        }
        // The momentum buffer after step 3 is (p2 − p3)/lr.
        float[] buf = new float[3];
        opt.exportState().tensors().get("momentum_buffer.w").get(0, buf);
        assertEquals((0.2511503 - 0.25520441969999996) / 0.1, buf[0], 2e-6);
    }

    @Test
    void withoutMomentumKeepsNoState() {
        Param p = param("w", 0.3, -0.7, 1.5);
        SGD opt = new SGD(single(p, 0.1, 0.01), 0.0);
        setGrad(p, GRADS[0]);
        opt.step();
        setGrad(p, GRADS[1]);
        opt.step();
        assertValues(new double[] {0.2694203, -0.6886407, 1.4940065}, p.value(), 2e-7, "step 2");
        assertTrue(opt.exportState().tensors().isEmpty());
        assertEquals(2L, opt.exportState().steps().get("w"));
    }
}
