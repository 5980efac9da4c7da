package org.vlbert.graphs.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vlbert.graphs.testutil.GradCheck.random;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Node;
import org.vlbert.graphs.ir.Param;
import org.vlbert.graphs.ir.ParamInit;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.onnx.OnnxEmitter;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.graphs.testutil.GradCheck;
import org.vlbert.graphs.testutil.OrtRunner;

/** What Autodiff builds (which gradients exist, how fan-out is summed) and how it fails. */
class AutodiffStructureTest {

    /** The nodes appended by the backward pass. */
    private static List<Node> backwardNodes(GraphBuilder b, int forwardCount) {
        return b.graph().nodes().subList(forwardCount, b.graph().nodes().size());
    }

    private static boolean anyReads(List<Node> nodes, Value v) {
        return nodes.stream().anyMatch(n -> n.inputs().contains(v));
    }

    private static List<Value> trainable(GraphBuilder b) {
        List<Value> out = new ArrayList<>();
        for (Param p : b.graph().params().values()) {
            if (p.trainable()) {
                out.add(p.value());
            }
        }
        return out;
    }

    @Test
    void frozenParameterGetsNoGradientNodes() {
        GraphBuilder b = new GraphBuilder();
        Value ids = b.input("ids", DType.INT64, "batch", "seq");
        Value table = b.param("table", ParamInit.normal(0.02), 7, 4);
        Value frozen = b.frozenParam("proj", ParamInit.normal(0.02), 4, 3);
        Value emb = b.gather(table, ids, 0);
        Value h = b.matmul(emb, frozen);
        Value loss = b.sumAll(b.mul(h, h));
        int forward = b.graph().nodes().size();

        Autodiff.Result res = new Autodiff(b).gradients(loss, trainable(b));

        assertEquals(List.of(table), new ArrayList<>(res.gradients().keySet()));
        assertEquals(List.of(), res.unused());
        // dL/d proj = emb^T dH is the only backward use of emb: it must not be built.
        List<Node> backward = backwardNodes(b, forward);
        assertTrue(!anyReads(backward, emb), "a backward node reads emb, so a gradient of the frozen weight exists");
        // the weight itself is still read, for dL/d emb = dH proj^T
        assertTrue(anyReads(backward, frozen));
    }

    @Test
    void integerInputGetsNoGradientEvenThroughCasts() {
        GraphBuilder b = new GraphBuilder();
        Value ids = b.input("ids", DType.INT64, "batch", "seq");
        Value table = b.param("table", ParamInit.normal(0.02), 7, 4);
        Value emb = b.gather(table, ids, 0);
        // a float mask computed only from the integer ids: no gradient may flow into it
        Value mask = b.unsqueeze(b.cast(b.greater(ids, b.longScalar(0)), DType.FLOAT), -1);
        Value loss = b.sumAll(b.mul(emb, mask));
        int forward = b.graph().nodes().size();

        Autodiff.Result res = new Autodiff(b).gradients(loss, List.of(table));

        assertEquals(List.of(), res.unused());
        List<Node> backward = backwardNodes(b, forward);
        // the table's gradient is built: d loss / d emb = dY * mask
        assertTrue(anyReads(backward, mask), "no backward node reads the mask, so no gradient of the table was built");
        // d loss / d mask = dY * emb would be the only backward use of emb
        assertTrue(!anyReads(backward, emb), "a gradient for the integer-derived mask was built");
    }

    @Test
    void differentiatingWithRespectToAnIntegerValueIsRejected() {
        GraphBuilder b = new GraphBuilder();
        Value ids = b.input("ids", DType.INT64, 3);
        Value table = b.param("table", ParamInit.normal(0.02), 7, 4);
        Value loss = b.sumAll(b.gather(table, ids, 0));
        var e = assertThrows(IllegalArgumentException.class, () -> new Autodiff(b).gradients(loss, List.of(ids)));
        assertTrue(e.getMessage().contains("ids") && e.getMessage().contains("INT64"), e.getMessage());
    }

    @Test
    void fanOutGradientsAreSummedOnceWithOneSumNode() {
        GraphBuilder b = new GraphBuilder();
        Value x = b.input("x", DType.FLOAT, 2, 3);
        Value w = b.param("w", ParamInit.normal(0.02), 3);
        // x feeds three consumers: Mul, Tanh and Exp.
        Value y = b.add(b.add(b.mul(x, w), b.tanh(x)), b.exp(x));
        Value loss = b.sumAll(y);
        int forward = b.graph().nodes().size();

        Autodiff.Result res = new Autodiff(b).gradients(loss, List.of(x, w));

        Value gx = res.gradients().get(x);
        assertEquals("Sum", gx.producer().opType());
        assertEquals(3, gx.producer().inputs().size());
        long sums = backwardNodes(b, forward).stream().filter(n -> n.opType().equals("Sum")).count();
        assertEquals(1, sums, "one Sum node for the one fanned-out value");
        // w is used once: its gradient is not wrapped in a Sum
        assertTrue(!res.gradients().get(w).producer().opType().equals("Sum"));

        // and the summed value is right: d/dx = w + (1 - tanh^2) + exp
        b.output("gx", gx);
        HostTensor xv = random(131, 1f, 2, 3);
        HostTensor wv = random(132, 1f, 3);
        try (OrtRunner ort = new OrtRunner(new OnnxEmitter(b.graph()).emit(List.of("gx")), 1)) {
            float[] got = ort.run(Map.of("x", xv, "w", wv)).get("gx").toFloatArray();
            float[] xs = xv.toFloatArray();
            float[] ws = wv.toFloatArray();
            for (int i = 0; i < 6; i++) {
                double t = Math.tanh(xs[i]);
                assertEquals(ws[i % 3] + (1 - t * t) + Math.exp(xs[i]), got[i], 1e-5);
            }
        }
    }

    @Test
    void unusedParameterGetsAnExplicitZeroGradient() {
        GraphBuilder b = new GraphBuilder();
        Value x = b.input("x", DType.FLOAT, "batch", 3);
        Value used = b.param("used", ParamInit.normal(0.02), 3);
        Value unused = b.param("unused", ParamInit.normal(0.02), 2, 5);
        Value offPath = b.param("off_path", ParamInit.normal(0.02), 3);
        b.output("other", b.mul(x, offPath));      // used by the graph, but not by the loss
        Value loss = b.sumAll(b.mul(x, used));

        Autodiff.Result res = new Autodiff(b).gradients(loss, List.of(used, unused, offPath));

        assertEquals(List.of(unused, offPath), res.unused());
        b.output("g_unused", res.gradients().get(unused));
        b.output("g_off", res.gradients().get(offPath));
        Map<String, HostTensor> feeds = Map.of("x", random(133, 1f, 2, 3), "used", random(134, 1f, 3),
                "unused", random(135, 1f, 2, 5), "off_path", random(136, 1f, 3));
        try (OrtRunner ort = new OrtRunner(new OnnxEmitter(b.graph()).emit(List.of("g_unused", "g_off")), 1)) {
            Map<String, HostTensor> out = ort.run(feeds);
            assertArrayEquals(new long[] {2, 5}, out.get("g_unused").shape());
            assertArrayEquals(new float[10], out.get("g_unused").toFloatArray());
            assertArrayEquals(new float[3], out.get("g_off").toFloatArray());
        }
    }

    @Test
    void opWithoutRuleFailsNamingOpAndNode() {
        GraphBuilder b = new GraphBuilder();
        Value x = b.input("x", DType.FLOAT, 3);
        Value floor = b.inScope("head", () -> b.op("Floor", List.of(x), Map.of(), DType.FLOAT, x.shape()));
        Value loss = b.sumAll(floor);
        var e = assertThrows(UnsupportedOperationException.class,
                () -> new Autodiff(b).gradients(loss, List.of(x)));
        assertTrue(e.getMessage().contains("op Floor"), e.getMessage());
        assertTrue(e.getMessage().contains(floor.producer().name()), e.getMessage());
        assertEquals("head/Floor", floor.producer().name());
    }

    @Test
    void nonScalarLossIsRejected() {
        GraphBuilder b = new GraphBuilder();
        Value x = b.input("x", DType.FLOAT, 3);
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Autodiff(b).gradients(b.mul(x, x), List.of(x)));
        assertTrue(e.getMessage().contains("scalar"), e.getMessage());
    }

    // ------------------------------------------------------------------ the harness itself

    private static GradCheck tanhCheck(VjpRegistry rules) {
        return new GradCheck().tolerance(1e-2, 2e-3, 2e-2).registry(rules).wrt("x", random(137, 1f, 3, 4));
    }

    @Test
    void gradCheckRejectsAWrongRule() {
        VjpRegistry wrong = VjpRegistry.standard();
        // d tanh = 1 - y (should be 1 - y^2)
        wrong.register("Tanh", (c, n, g) -> List.of(c.b().mul(g.get(0), c.b().sub(c.b().scalar(1f), n.output(0)))));
        GradCheck.Fn fn = (b, in) -> b.tanh(in.get("x"));

        tanhCheck(VjpRegistry.standard()).check(fn);
        AssertionError e = assertThrows(AssertionError.class, () -> tanhCheck(wrong).check(fn));
        assertTrue(e.getMessage().contains("gradient mismatches") && e.getMessage().contains("d/dx["), e.getMessage());
    }

    @Test
    void gradCheckRejectsAMissingUnbroadcast() {
        VjpRegistry wrong = VjpRegistry.standard();
        wrong.register("Add", (c, n, g) -> List.of(g.get(0), g.get(0)));
        GradCheck check = new GradCheck().registry(wrong)
                .wrt("x", random(138, 1f, 2, 3)).wrt("bias", random(139, 1f, 3));
        AssertionError e = assertThrows(AssertionError.class,
                () -> check.check((b, in) -> b.add(in.get("x"), in.get("bias"))));
        assertTrue(e.getMessage().contains("bias"), e.getMessage());
    }

    @Test
    void gradCheckComparesTheRightElements() {
        // A rule that is right in value but permuted (transpose gradient not inverted) must fail.
        VjpRegistry wrong = VjpRegistry.standard();
        wrong.register("Transpose", (c, n, g) -> {
            long[] perm = n.attrLongs("perm");
            int[] same = new int[perm.length];
            for (int i = 0; i < perm.length; i++) {
                same[i] = (int) perm[i];
            }
            return List.of(c.b().transpose(g.get(0), same));
        });
        GradCheck.Fn fn = (b, in) -> b.transpose(in.get("x"), 1, 2, 0);
        new GradCheck().wrt("x", random(140, 1f, 2, 3, 4)).check(fn);
        assertThrows(AssertionError.class,
                () -> new GradCheck().registry(wrong).wrt("x", random(140, 1f, 2, 3, 4)).check(fn));
    }
}
