package org.vlbert.graphs.autodiff;

import static org.vlbert.graphs.testutil.GradCheck.random;
import static org.vlbert.graphs.testutil.GradCheck.uniform;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.testutil.GradCheck;

/**
 * Finite-difference checks of Softmax, LogSoftmax and LayerNormalization. Float32 through ORT:
 * eps = 1e-2, atol = 2e-3, rtol = 2e-2. LayerNorm inputs have a spread of O(1) per row, so its
 * 1/std stays O(1) and the central difference is well conditioned even with eps = 1e-12.
 */
class NormalizationVjpTest {
    private static GradCheck check() {
        return new GradCheck().tolerance(1e-2, 2e-3, 2e-2);
    }

    @Test
    void softmaxLastAxis() {
        check().wrt("x", random(91, 2f, 3, 5)).check((b, in) -> b.softmax(in.get("x"), -1));
        check().wrt("x", random(92, 2f, 2, 3, 4), Shape.of("batch", "seq", 4))
                .check((b, in) -> b.softmax(in.get("x"), -1));
    }

    @Test
    void softmaxInnerAxis() {
        check().wrt("x", random(93, 2f, 2, 3, 4)).check((b, in) -> b.softmax(in.get("x"), 1));
        check().wrt("x", random(94, 2f, 2, 3, 4)).check((b, in) -> b.softmax(in.get("x"), 0));
    }

    @Test
    void logSoftmax() {
        check().wrt("x", random(95, 2f, 3, 5)).check((b, in) -> b.logSoftmax(in.get("x"), -1));
        check().wrt("x", random(96, 2f, 2, 3, 4)).check((b, in) -> b.logSoftmax(in.get("x"), 1));
    }

    private static void layerNorm(long[] xs, Shape decl, float eps, boolean withBeta) {
        long c = xs[xs.length - 1];
        GradCheck g = check().wrt("x", random(97, 2f, xs), decl)
                .wrt("gamma", uniform(98, 0.5f, 1.5f, c));
        if (withBeta) {
            g.wrt("beta", random(99, 1f, c));
        }
        g.check((b, in) -> b.layerNorm(in.get("x"), in.get("gamma"), withBeta ? in.get("beta") : null, eps));
    }

    @Test
    void layerNormRank2() {
        layerNorm(new long[] {3, 6}, Shape.fixed(3, 6), 1e-12f, true);
        layerNorm(new long[] {3, 6}, Shape.fixed(3, 6), 1e-5f, true);
    }

    @Test
    void layerNormRank3() {
        layerNorm(new long[] {2, 3, 6}, Shape.of("batch", "seq", 6), 1e-12f, true);
        layerNorm(new long[] {2, 3, 6}, Shape.fixed(2, 3, 6), 1e-5f, true);
    }

    @Test
    void layerNormWithoutBeta() {
        layerNorm(new long[] {2, 3, 6}, Shape.fixed(2, 3, 6), 1e-5f, false);
    }

    private static Value normChain(GraphBuilder b, Map<String, Value> in, DType t) {
        Value x = b.cast(in.get("x"), t);
        Value h = b.layerNorm(x, b.cast(in.get("gamma"), t), b.cast(in.get("beta"), t), 1e-5f);
        h = b.add(b.softmax(h, -1), b.logSoftmax(h, 1));
        return b.cast(h, DType.FLOAT);
    }

    @Test
    void layerNormAndSoftmaxInDoublePrecision() {
        check().wrt("x", random(100, 2f, 2, 3, 6)).wrt("gamma", uniform(98, 0.5f, 1.5f, 6))
                .wrt("beta", random(99, 1f, 6))
                .check((b, in) -> normChain(b, in, DType.DOUBLE));
    }

    @Test
    void layerNormAndSoftmaxInFloat16() {
        // fp16 rounding after each op: step 0.1, atol 3e-2, rtol 5e-2.
        new GradCheck().tolerance(0.1, 3e-2, 5e-2)
                .wrt("x", random(100, 2f, 2, 3, 6)).wrt("gamma", uniform(98, 0.5f, 1.5f, 6))
                .wrt("beta", random(99, 1f, 6))
                .check((b, in) -> normChain(b, in, DType.FLOAT16));
    }
}
