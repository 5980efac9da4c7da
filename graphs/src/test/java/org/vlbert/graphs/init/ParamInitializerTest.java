package org.vlbert.graphs.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Param;
import org.vlbert.graphs.ir.ParamInit;

class ParamInitializerTest {
    private static final ParamInitializer INIT = new ParamInitializer(42);

    private static float[] values(ParamInit init, long... shape) {
        return INIT.initialize("w", shape, init).toFloatArray();
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double std(float[] v) {
        double m = mean(v);
        double s = 0;
        for (float x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / v.length);
    }

    private static void assertWithin(float[] v, double lo, double hi) {
        for (float x : v) {
            assertTrue(x >= lo && x <= hi, x + " outside [" + lo + ", " + hi + "]");
        }
    }

    @Test
    void normalHasRequestedMeanAndStd() {
        float[] v = values(new ParamInit(ParamInit.Kind.NORMAL, 0.5, 0.02), 256, 256);
        assertEquals(0.5, mean(v), 3 * 0.02 / 256);          // 3 standard errors
        assertEquals(0.02, std(v), 0.02 * 0.01);
    }

    @Test
    void uniformFillsItsInterval() {
        float[] v = values(ParamInit.uniform(-0.3, 0.1), 100_000);
        assertWithin(v, -0.3, 0.1);
        assertEquals(-0.1, mean(v), 0.002);
        assertEquals(0.4 / Math.sqrt(12), std(v), 0.002);
    }

    @Test
    void constantIsExact() {
        float[] v = values(ParamInit.constant(0.25), 3, 7);
        for (float x : v) {
            assertEquals(0.25f, x);
        }
    }

    @Test
    void xavierUniformUsesFanInAndFanOut() {
        // [out=300, in=100]: bound = gain * sqrt(6 / 400)
        double bound = 2.0 * Math.sqrt(6.0 / 400);
        float[] v = values(ParamInit.xavierUniform(2.0), 300, 100);
        assertWithin(v, -bound, bound);
        assertEquals(bound / Math.sqrt(3), std(v), bound * 0.01);
    }

    @Test
    void torchLinearDefaultsUseFanIn() {
        double bound = 1 / Math.sqrt(400);
        float[] w = values(ParamInit.torchLinearWeight(), 250, 400);
        assertWithin(w, -bound, bound);
        assertEquals(bound / Math.sqrt(3), std(w), bound * 0.01);
        float[] b = values(ParamInit.torchLinearBias(400), 50_000);
        assertWithin(b, -bound, bound);
        assertEquals(bound / Math.sqrt(3), std(b), bound * 0.01);
    }

    @Test
    void valuesDependOnSeedAndNameButNotOnOrder() {
        GraphBuilder b1 = new GraphBuilder();
        b1.param("a", ParamInit.normal(1), 4, 4);
        b1.param("b", ParamInit.normal(1), 4, 4);
        GraphBuilder b2 = new GraphBuilder();
        b2.param("b", ParamInit.normal(1), 4, 4);
        b2.param("c", ParamInit.uniform(0, 1), 9);
        b2.param("a", ParamInit.normal(1), 4, 4);
        List<Param> p1 = List.copyOf(b1.graph().params().values());
        List<Param> p2 = List.copyOf(b2.graph().params().values());
        var first = new ParamInitializer(7).initializeAll(p1);
        var second = new ParamInitializer(7).initializeAll(p2);
        assertArrayEquals(first.get("a").toFloatArray(), second.get("a").toFloatArray());
        assertArrayEquals(first.get("b").toFloatArray(), second.get("b").toFloatArray());
        assertFalse(Arrays.equals(first.get("a").toFloatArray(), first.get("b").toFloatArray()));
        var otherSeed = new ParamInitializer(8).initializeAll(p1);
        assertFalse(Arrays.equals(first.get("a").toFloatArray(), otherSeed.get("a").toFloatArray()));
    }

    @Test
    void fanBasedInitRejectsVectors() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> INIT.initialize("layer.bias", new long[] {5}, ParamInit.xavierUniform(1)));
        assertTrue(e.getMessage().contains("layer.bias"), e.getMessage());
        assertTrue(e.getMessage().contains("rank >= 2"), e.getMessage());
    }
}
