package org.vlbert.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vlbert.dist.LocalRanks;
import org.vlbert.runtime.TensorSlab;
import org.vlbert.train.optim.AdamW;
import org.vlbert.train.optim.OptimizerState;
import org.vlbert.train.optim.Param;
import org.vlbert.train.optim.ParamGroup;

/** The trainer's distributed pieces with 2 ranks in one JVM: gradient averaging and the start state. */
class DistributedSyncTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static Map<String, long[]> shapes() {
        Map<String, long[]> s = new LinkedHashMap<>();
        s.put("a", new long[] {3, 5});
        s.put("frozen", new long[] {4});
        s.put("b", new long[] {7});
        s.put("c", new long[] {2, 2});
        return s;
    }

    private static void fill(TensorSlab slab, long seed) {
        Random r = new Random(seed);
        for (String n : slab.slots().keySet()) {
            FloatBuffer f = slab.floats(n);
            for (int i = 0; i < f.capacity(); i++) {
                f.put(i, (float) r.nextGaussian());
            }
        }
    }

    private static float[] all(TensorSlab slab) {
        FloatBuffer f = slab.chunk(0);
        float[] out = new float[f.capacity()];
        f.get(out);
        return out;
    }

    private static AdamW adamw(TensorSlab params, TensorSlab grads) {
        List<Param> ps = new ArrayList<>();
        for (String n : params.slots().keySet()) {
            ps.add(n.equals("frozen") ? Param.frozen(n, params.floats(n)) : new Param(n, params.floats(n), grads.floats(n)));
        }
        return new AdamW(List.of(new ParamGroup("g", 1e-2, 1e-4, ps)));
    }

    @Test
    void gradientsAreAveragedInBucketsOfTrainableTensorsOnly() throws Exception {
        List<float[]> got = LocalRanks.run(2, TIMEOUT, c -> {
            try (TensorSlab g = new TensorSlab(shapes())) {
                fill(g, 10 + c.rank());
                GradientAverager avg = new GradientAverager(c, g, Set.of("a", "b", "c"));
                assertEquals(2, avg.bucketCount(), "a | frozen | b c");
                assertEquals(15 + 7 + 4, avg.floats());
                avg.average();
                return all(g);
            }
        });
        try (TensorSlab g0 = new TensorSlab(shapes()); TensorSlab g1 = new TensorSlab(shapes())) {
            fill(g0, 10);
            fill(g1, 11);
            float[] a = all(g0);
            float[] b = all(g1);
            for (int i = 0; i < a.length; i++) {
                boolean frozen = i >= 15 && i < 19;
                assertEquals(frozen ? a[i] : (a[i] + b[i]) / 2, got.get(0)[i], "rank 0 element " + i);
                assertEquals(frozen ? b[i] : (a[i] + b[i]) / 2, got.get(1)[i], "rank 1 element " + i);
            }
        }
    }

    private record Start(float[] params, Map<String, float[]> moments, Map<String, Long> steps, TrainState state,
                         String source) {}

    private static Start start(org.vlbert.dist.Collective c, boolean resumed) {
        try (TensorSlab p = new TensorSlab(shapes()); TensorSlab g = p.sameLayout()) {
            fill(p, 100 + c.rank());
            AdamW opt = adamw(p, g);
            TrainState rootState = TrainState.fresh(0, 7);
            String source = null;
            if (c.isRoot() && resumed) {
                for (int k = 0; k < 3; k++) {
                    fill(g, 200 + k);
                    opt.step();
                }
                rootState = new TrainState(2, 5, 41, 13, Map.of("last_epoch", 12.0), 1, 0.75, 99, 128.0, 3);
                source = "ckpt-0001";
            }
            StartState.Shared s = StartState.share(c, rootState, source, p, opt);
            OptimizerState st = opt.exportState();
            Map<String, float[]> moments = new LinkedHashMap<>();
            st.tensors().forEach((k, v) -> {
                float[] a = new float[v.capacity()];
                v.duplicate().clear().get(a);
                moments.put(k, a);
            });
            return new Start(all(p), moments, st.steps(), s.state(), s.source());
        }
    }

    @Test
    void resumedStartCopiesParametersOptimizerStateAndPositionBitForBit() throws Exception {
        List<Start> got = LocalRanks.run(2, TIMEOUT, c -> start(c, true));
        Start root = got.get(0);
        Start other = got.get(1);
        assertArrayEquals(root.params(), other.params());
        assertEquals(Map.of("a", 3L, "b", 3L, "c", 3L), other.steps());
        assertEquals(root.moments().keySet(), other.moments().keySet());
        assertEquals(6, root.moments().size(), "exp_avg and exp_avg_sq of a, b, c");
        root.moments().forEach((k, v) -> assertArrayEquals(v, other.moments().get(k), k));
        assertEquals(root.state(), other.state());
        assertEquals(new TrainState(2, 5, 41, 13, Map.of("last_epoch", 12.0), 1, 0.75, 99, 128.0, 3), other.state());
        assertEquals("ckpt-0001", other.source());
    }

    @Test
    void freshStartCopiesParametersAndLeavesTheOptimizerEmpty() throws Exception {
        List<Start> got = LocalRanks.run(2, TIMEOUT, c -> start(c, false));
        assertArrayEquals(got.get(0).params(), got.get(1).params());
        assertTrue(got.get(1).steps().isEmpty());
        assertNull(got.get(1).source());
        assertEquals(TrainState.fresh(0, 7), got.get(1).state());
    }
}
