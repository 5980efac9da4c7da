package org.vlbert.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.vlbert.train.optim.OptimizerTestSupport.assertValues;
import static org.vlbert.train.optim.OptimizerTestSupport.param;
import static org.vlbert.train.optim.OptimizerTestSupport.setGrad;
import static org.vlbert.train.optim.OptimizerTestSupport.single;

import org.junit.jupiter.api.Test;

class AdamTest {

    /** torch.optim.Adam (1.1) with L2 decay 0.1 folded into the gradient; float64 expectations. */
    @Test
    void l2DecayAndBiasCorrection() {
        Param p = param("w", 0.3, -0.7, 1.5);
        Adam opt = new Adam(single(p, 0.01, 0.1));
        double[][] grads = {{0.2, -0.4, 0.05}, {0.1, 0.3, -0.02}, {-0.3, 0.0, 0.01}};
        double[][] expected = {
            {0.2900000137490144, -0.6900000067282458, 1.4900000158113633},
            {0.2805150356011127, -0.6872707354457155, 1.480335087281842},
            {0.28000129197825485, -0.6843470185082674, 1.470577021631628},
        };
        for (int s = 0; s < 3; s++) {
            setGrad(p, grads[s]);
            opt.step();
            assertValues(expected[s], p.value(), 3e-7, "step " + (s + 1));
        }
    }

    @Test
    void usesEpsOneEMinus8() {
        // A tiny gradient makes eps visible: with eps 1e-8 the first step is lr·|g|/(|g|+eps/sqrt(1e-3)).
        Param p = param("w", 0.0);
        Adam opt = new Adam(single(p, 1.0, 0.0));
        setGrad(p, 1e-6);
        opt.step();
        double g = (double) 1e-6f;
        double expected = -1.0 * Math.sqrt(0.001) / 0.1 * (0.1 * g) / (Math.sqrt(0.001 * g * g) + 1e-8);
        assertEquals(expected, p.value().get(0), 1e-6 * Math.abs(expected));
    }
}
