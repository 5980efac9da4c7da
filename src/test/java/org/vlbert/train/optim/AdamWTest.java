package org.vlbert.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vlbert.train.optim.OptimizerTestSupport.assertValues;
import static org.vlbert.train.optim.OptimizerTestSupport.param;
import static org.vlbert.train.optim.OptimizerTestSupport.setGrad;
import static org.vlbert.train.optim.OptimizerTestSupport.single;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vlbert.testutil.TestBuffers;

class AdamWTest {

    /** The float64 test vector of training.md §5.1 (lr 1e-3, wd 1e-4); the third gradient is zero. */
    @Test
    void matchesReferenceTestVector() {
        Param p = param("w", 1.0, -2.0);
        AdamW opt = new AdamW(single(p, 1e-3, 1e-4));
        setGrad(p, 0.5, 0.1);
        opt.step();
        assertValues(new double[] {0.998999963342, -2.000999483772}, p.value(), 3e-7, "step 1");
        setGrad(p, -0.25, 0.1);
        opt.step();
        assertValues(new double[] {0.998733541500, -2.001999059960}, p.value(), 3e-7, "step 2");
        setGrad(p, 0.0, 0.0);
        opt.step();
        assertValues(new double[] {0.998527574000, -2.002771689641}, p.value(), 5e-7, "step 3 (zero grad still moves)");
    }

    /**
     * Bit-exact against a float32 (NumPy) emulation of PyTorch's op sequence on the same vector:
     * m·β1 then +(1−β1)·g, v·β2 then +((1−β2)·g)·g, sqrt(v)+eps, p + (−step_size·m)/denom,
     * p + (−lr·wd)·p, every scalar rounded to float32 once. (The float64 values above differ by up
     * to ~1.3 ulp after three steps.)
     */
    @Test
    void bitExactAgainstFloat32EmulationOfTorchOpOrder() {
        Param p = param("w", 1.0, -2.0);
        AdamW opt = new AdamW(single(p, 1e-3, 1e-4));
        double[][] grads = {{0.5, 0.1}, {-0.25, 0.1}, {0.0, 0.0}};
        float[][] expected = {
            {0.9989999532699585f, -2.0009994506835938f},
            {0.9987335205078125f, -2.0019989013671875f},
            {0.9985275268554688f, -2.0027713775634766f},
        };
        for (int s = 0; s < 3; s++) {
            setGrad(p, grads[s]);
            opt.step();
            assertEquals(expected[s][0], p.value().get(0), 0f, "step " + (s + 1));
            assertEquals(expected[s][1], p.value().get(1), 0f, "step " + (s + 1));
        }
    }

    /**
     * lr 0.01, wd 0.1 makes the decoupled decay (1e-3·p) and its placement after the Adam update
     * (differs by lr·wd·update ≈ 1e-5 from decaying the old p) clearly measurable. Expected values
     * from the formulas in float64.
     */
    @Test
    void decoupledDecayAppliesToUpdatedParameter() {
        Param p = param("w", 0.3, -0.7, 1.5);
        AdamW opt = new AdamW(single(p, 0.01, 0.1));
        double[][] grads = {{0.2, -0.4, 0.05}, {0.1, 0.3, -0.02}, {-0.3, 0.0, 0.01}};
        double[][] expected = {
            {0.2897115793079807, -0.689310789716413, 1.4885163142372908},
            {0.28011071046047065, -0.6877291785548157, 1.4835772226239392},
            {0.28064947873038804, -0.6863516986244661, 1.4783057104063648},
        };
        for (int s = 0; s < 3; s++) {
            setGrad(p, grads[s]);
            opt.step();
            assertValues(expected[s], p.value(), 3e-7, "step " + (s + 1));
        }
        assertEquals(3, opt.exportState().step());
    }

    @Test
    void withoutBiasCorrectionStepSizeIsLr() {
        Param p = param("w", 1.0);
        AdamW opt = new AdamW(single(p, 0.01, 0.0), 0.9, 0.999, 1e-6, false, null);
        setGrad(p, 0.5);
        opt.step();
        // m = 0.05, v = 0.00025, p = 1 − 0.01·0.05/(sqrt(0.00025)+1e-6)
        double expected = 1.0 - 0.01 * 0.05 / (Math.sqrt(0.00025) + 1e-6);
        assertEquals(expected, p.value().get(0), 2e-7);
    }

    @Test
    void largeParameterAcrossChunksMatchesDoubleFormula() {
        int n = FloatBuffers.CHUNK * 2 + 123;
        Random rnd = new Random(7);
        double[] p0 = new double[n];
        double[][] g = new double[2][n];
        for (int i = 0; i < n; i++) {
            p0[i] = rnd.nextGaussian();
            g[0][i] = rnd.nextGaussian() * 0.1;
            g[1][i] = rnd.nextGaussian() * 0.1;
        }
        Param p = param("big", p0);
        AdamW opt = new AdamW(single(p, 0.005, 0.01));
        double[] ref = p0.clone();
        double[] m = new double[n];
        double[] v = new double[n];
        for (int t = 1; t <= 2; t++) {
            setGrad(p, g[t - 1]);
            opt.step();
            double step = 0.005 * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
            for (int i = 0; i < n; i++) {
                m[i] = 0.9 * m[i] + 0.1 * g[t - 1][i];
                v[i] = 0.999 * v[i] + 0.001 * g[t - 1][i] * g[t - 1][i];
                ref[i] -= step * m[i] / (Math.sqrt(v[i]) + 1e-6);
                ref[i] -= 0.005 * 0.01 * ref[i];
            }
        }
        for (int i = 0; i < n; i++) {
            assertEquals(ref[i], p.value().get(i), 1e-6 * Math.max(1, Math.abs(ref[i])), "element " + i);
        }
    }

    /**
     * The update is cut into parallel work items (parameters over a million elements are split,
     * small ones share an item): every element must still get exactly the float32 update of the
     * formula, with its own group's LR and its parameter's step counter.
     */
    @Test
    void parallelWorkItemsGiveEveryElementItsExactUpdate() {
        int[] sizes = {3, 2_100_000, 70, 5};
        double[] lrs = {1e-3, 5e-3, 1e-3, 5e-3};
        double wd = 0.01;
        Random rnd = new Random(11);
        Param[] ps = new Param[sizes.length];
        float[][] ref = new float[sizes.length][];
        for (int k = 0; k < sizes.length; k++) {
            ps[k] = new Param("p" + k, FloatBuffers.allocateDirect(sizes[k]), FloatBuffers.allocateDirect(sizes[k]));
            ref[k] = new float[sizes[k]];
            for (int i = 0; i < sizes[k]; i++) {
                ref[k][i] = (float) rnd.nextGaussian();
                ps[k].value().put(i, ref[k][i]);
            }
        }
        AdamW opt = new AdamW(List.of(new ParamGroup("slow", 1e-3, wd, List.of(ps[0], ps[2])),
                new ParamGroup("fast", 5e-3, wd, List.of(ps[1], ps[3]))));
        float[][] m = new float[sizes.length][];
        float[][] v = new float[sizes.length][];
        for (int k = 0; k < sizes.length; k++) {
            m[k] = new float[sizes[k]];
            v[k] = new float[sizes[k]];
        }
        for (int t = 1; t <= 2; t++) {
            for (int k = 0; k < sizes.length; k++) {
                for (int i = 0; i < sizes[k]; i++) {
                    ps[k].grad().put(i, (float) (rnd.nextGaussian() * 0.1));
                }
            }
            opt.step();
            for (int k = 0; k < sizes.length; k++) {
                float negStep = (float) -AdamMath.biasCorrectedStepSize(lrs[k], 0.9, 0.999, t);
                float decay = (float) (-lrs[k] * wd);
                for (int i = 0; i < sizes[k]; i++) {
                    float g = ps[k].grad().get(i);
                    m[k][i] = m[k][i] * 0.9f + (float) (1.0 - 0.9) * g;
                    v[k][i] = v[k][i] * 0.999f + (float) (1.0 - 0.999) * g * g;
                    float p = ref[k][i] + negStep * m[k][i] / ((float) Math.sqrt(v[k][i]) + 1e-6f);
                    ref[k][i] = p + decay * p;
                }
            }
        }
        for (int k = 0; k < sizes.length; k++) {
            for (int i = 0; i < sizes[k]; i++) {
                if (Float.floatToRawIntBits(ref[k][i]) != Float.floatToRawIntBits(ps[k].value().get(i))) {
                    assertEquals(ref[k][i], ps[k].value().get(i), "parameter p" + k + " element " + i);
                }
            }
            assertEquals(2L, opt.exportState().steps().get("p" + k));
        }
    }

    @Test
    void frozenParameterIsSkippedAndHasNoState() {
        Param trained = param("a", 1.0);
        Param frozen = Param.frozen("b", TestBuffers.direct(5.0f));
        AdamW opt = new AdamW(List.of(new ParamGroup("g", 0.1, 0.1, List.of(trained, frozen))));
        setGrad(trained, 1.0);
        opt.step();
        assertEquals(5.0f, frozen.value().get(0));
        assertNotEquals(1.0f, trained.value().get(0));
        assertTrue(opt.exportState().steps().containsKey("a"));
        assertTrue(!opt.exportState().steps().containsKey("b"));
        assertTrue(!opt.exportState().tensors().containsKey("exp_avg.b"));
    }

    @Test
    void groupsUseTheirOwnLearningRate() {
        Param a = param("a", 1.0);
        Param b = param("b", 1.0);
        AdamW opt = new AdamW(List.of(new ParamGroup("x", 0.1, 0, List.of(a)), new ParamGroup("y", 0.01, 0, List.of(b))));
        setGrad(a, 1.0);
        setGrad(b, 1.0);
        opt.step();
        // First bias-corrected step of a constant-sign gradient moves by ≈ lr (exactly lr·|g|/(|g|+eps/sqrt(1−β2))).
        assertEquals(1.0 - 0.1, a.value().get(0), 1e-5);
        assertEquals(1.0 - 0.01, b.value().get(0), 1e-6);
    }

    @Test
    void gradientIsNotModified() {
        Param p = param("w", 1.0, 2.0);
        AdamW opt = new AdamW(single(p, 0.1, 0.5));
        setGrad(p, 0.25, -0.5);
        opt.step();
        FloatBuffer g = p.grad();
        assertEquals(0.25f, g.get(0));
        assertEquals(-0.5f, g.get(1));
    }
}
