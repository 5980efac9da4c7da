package org.vlbert.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.FloatBuffer;
import java.util.List;
import org.vlbert.testutil.TestBuffers;

/** Helpers for the optimizer tests: one-parameter groups and float-vs-double comparisons. */
final class OptimizerTestSupport {
    private OptimizerTestSupport() {}

    static Param param(String name, double... values) {
        return new Param(name, TestBuffers.direct(values), TestBuffers.direct(new float[values.length]));
    }

    static List<ParamGroup> single(Param p, double lr, double wd) {
        return List.of(new ParamGroup("g", lr, wd, List.of(p)));
    }

    static void setGrad(Param p, double... g) {
        FloatBuffer b = p.grad();
        for (int i = 0; i < g.length; i++) {
            b.put(i, (float) g[i]);
        }
    }

    static void assertValues(double[] expected, FloatBuffer actual, double tol, String what) {
        assertEquals(expected.length, actual.limit(), what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual.get(i), tol, what + "[" + i + "]");
        }
    }
}
