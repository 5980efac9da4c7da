package org.vlbert.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vlbert.train.optim.OptimizerTestSupport.param;
import static org.vlbert.train.optim.OptimizerTestSupport.setGrad;

import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.vlbert.testutil.TestBuffers;

class OptimizerStateTest {
    private static final double[][] GRADS = {{0.2, -0.4}, {0.1, 0.3}, {-0.3, 0.05}, {0.02, 0.2}};

    private static List<ParamGroup> groups(Param a, Param b) {
        return List.of(new ParamGroup("g", 0.01, 0.1, List.of(a, b)));
    }

    /** Two steps, export, import into a fresh optimizer, two more steps: bit-identical to four uninterrupted steps. */
    private static void assertResumeIsExact(Function<List<ParamGroup>, Optimizer> factory) {
        Param a1 = param("a", 0.5, -0.5);
        Param b1 = param("b", 1.5, 2.5);
        Optimizer straight = factory.apply(groups(a1, b1));
        Param a2 = param("a", 0.5, -0.5);
        Param b2 = param("b", 1.5, 2.5);
        Optimizer first = factory.apply(groups(a2, b2));
        for (int s = 0; s < 2; s++) {
            setGrad(a1, GRADS[s]);
            setGrad(b1, GRADS[3 - s]);
            straight.step();
            setGrad(a2, GRADS[s]);
            setGrad(b2, GRADS[3 - s]);
            first.step();
        }
        OptimizerState saved = copy(first.exportState());
        Optimizer resumed = factory.apply(groups(a2, b2));
        resumed.importState(saved);
        for (int s = 2; s < 4; s++) {
            setGrad(a1, GRADS[s]);
            setGrad(b1, GRADS[3 - s]);
            straight.step();
            setGrad(a2, GRADS[s]);
            setGrad(b2, GRADS[3 - s]);
            resumed.step();
        }
        assertArrayEquals(TestBuffers.toArray(a1.value()), TestBuffers.toArray(a2.value()));
        assertArrayEquals(TestBuffers.toArray(b1.value()), TestBuffers.toArray(b2.value()));
        assertEquals(4, resumed.exportState().step());
    }

    /** A deep copy into heap buffers, as a checkpoint round trip would produce. */
    private static OptimizerState copy(OptimizerState s) {
        Map<String, FloatBuffer> tensors = new LinkedHashMap<>();
        s.tensors().forEach((k, v) -> {
            float[] data = new float[v.remaining()];
            v.get(v.position(), data);
            tensors.put(k, FloatBuffer.wrap(data));
        });
        return new OptimizerState(s.optimizer(), tensors, s.steps());
    }

    @Test
    void adamWResumeIsExact() {
        assertResumeIsExact(AdamW::new);
    }

    @Test
    void adamResumeIsExact() {
        assertResumeIsExact(Adam::new);
    }

    @Test
    void sgdResumeIsExact() {
        assertResumeIsExact(g -> new SGD(g, 0.9));
    }

    @Test
    void exportUsesPyTorchNamesAndReadOnlyViews() {
        Param a = param("enc.w", 1.0, 2.0);
        AdamW opt = new AdamW(List.of(new ParamGroup("g", 0.01, 0, List.of(a))));
        assertTrue(opt.exportState().tensors().isEmpty(), "no state before the first step");
        setGrad(a, 1.0, -1.0);
        opt.step();
        OptimizerState s = opt.exportState();
        assertEquals("AdamW", s.optimizer());
        assertEquals(List.of("exp_avg.enc.w", "exp_avg_sq.enc.w"), List.copyOf(s.tensors().keySet()));
        assertEquals(Map.of("enc.w", 1L), s.steps());
        FloatBuffer m = s.tensors().get("exp_avg.enc.w");
        assertTrue(m.isReadOnly());
        assertEquals(0.1f, m.get(0), 1e-8);
        assertEquals(-0.1f, m.get(1), 1e-8);
    }

    @Test
    void rejectsStateOfAnotherOptimizer() {
        Param a = param("a", 1.0);
        SGD sgd = new SGD(List.of(new ParamGroup("g", 0.1, 0, List.of(a))), 0.9);
        setGrad(a, 1.0);
        sgd.step();
        AdamW adamw = new AdamW(List.of(new ParamGroup("g", 0.1, 0, List.of(param("a", 1.0)))));
        OptimizerException e = assertThrows(OptimizerException.class, () -> adamw.importState(sgd.exportState()));
        assertTrue(e.getMessage().contains("written by SGD but TRAIN.OPTIMIZER is AdamW"), e.getMessage());
    }

    @Test
    void rejectsMissingWrongSizeAndUnknownEntries() {
        AdamW opt = new AdamW(List.of(new ParamGroup("g", 0.1, 0, List.of(param("a", 1.0, 2.0)))));
        FloatBuffer two = FloatBuffer.wrap(new float[2]);
        FloatBuffer three = FloatBuffer.wrap(new float[3]);

        OptimizerException missing = assertThrows(OptimizerException.class, () -> opt.importState(
                new OptimizerState("AdamW", Map.of("exp_avg.a", two), Map.of("a", 3L))));
        assertTrue(missing.getMessage().contains("lacks tensor 'exp_avg_sq.a'"), missing.getMessage());

        OptimizerException size = assertThrows(OptimizerException.class, () -> opt.importState(
                new OptimizerState("AdamW", Map.of("exp_avg.a", two, "exp_avg_sq.a", three), Map.of("a", 3L))));
        assertTrue(size.getMessage().contains("'exp_avg_sq.a' has 3 elements but parameter 'a' has 2"), size.getMessage());

        OptimizerException unknown = assertThrows(OptimizerException.class, () -> opt.importState(
                new OptimizerState("AdamW", Map.of("exp_avg.zzz", two, "exp_avg_sq.zzz", two), Map.of("zzz", 1L))));
        assertTrue(unknown.getMessage().contains("zzz"), unknown.getMessage());
    }

    @Test
    void failedImportLeavesStateUntouched() {
        Param a = param("a", 1.0);
        AdamW opt = new AdamW(List.of(new ParamGroup("g", 0.1, 0, List.of(a))));
        setGrad(a, 1.0);
        opt.step();
        float before = opt.exportState().tensors().get("exp_avg.a").get(0);
        assertThrows(OptimizerException.class, () -> opt.importState(
                new OptimizerState("AdamW", Map.of("exp_avg.a", FloatBuffer.wrap(new float[] {9f})), Map.of("a", 5L))));
        assertEquals(before, opt.exportState().tensors().get("exp_avg.a").get(0));
        assertEquals(1, opt.exportState().step());
    }

    @Test
    void parameterMissingFromStateStartsFresh() {
        Param a = param("a", 1.0);
        Param b = param("b", 1.0);
        AdamW opt = new AdamW(List.of(new ParamGroup("g", 0.1, 0, List.of(a, b))));
        setGrad(a, 1.0);
        setGrad(b, 1.0);
        opt.step();
        opt.step();
        OptimizerState onlyA = new OptimizerState("AdamW",
                Map.of("exp_avg.a", FloatBuffer.wrap(new float[] {0.5f}), "exp_avg_sq.a", FloatBuffer.wrap(new float[] {0.25f})),
                Map.of("a", 7L));
        opt.importState(onlyA);
        OptimizerState s = opt.exportState();
        assertEquals(Map.of("a", 7L), s.steps());
        assertEquals(0.5f, s.tensors().get("exp_avg.a").get(0));
    }
}
