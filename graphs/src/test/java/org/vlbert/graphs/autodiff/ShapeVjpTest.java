package org.vlbert.graphs.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vlbert.graphs.testutil.GradCheck.random;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.onnx.OnnxEmitter;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.graphs.testutil.GradCheck;
import org.vlbert.graphs.testutil.OrtRunner;
import org.vlbert.graphs.testutil.Tensors;

/**
 * Finite-difference checks of layout ops and reductions. These are linear, so the central
 * difference is exact up to float32 rounding: eps = 1e-2, atol = 2e-3, rtol = 2e-2. Each case
 * multiplies by a nonlinearity (x*x) somewhere so that a wrong routing of gradient elements
 * cannot hide behind a constant derivative.
 */
class ShapeVjpTest {
    private static GradCheck check() {
        return new GradCheck().tolerance(1e-2, 2e-3, 2e-2);
    }

    @Test
    void reshapeWithZeroAndMinusOne() {
        check().wrt("x", random(51, 1f, 2, 3, 4))
                .check((b, in) -> b.reshape(sq(b, in.get("x")), 0, -1));
        check().wrt("x", random(52, 1f, 2, 3, 4), Shape.of("batch", 3, 4))
                .check((b, in) -> b.reshape(sq(b, in.get("x")), -1, 2, 2));
    }

    @Test
    void transpose() {
        check().wrt("x", random(53, 1f, 2, 3, 4))
                .check((b, in) -> b.transpose(sq(b, in.get("x")), 2, 0, 1));
        check().wrt("x", random(54, 1f, 2, 3, 4, 5), Shape.of("batch", 3, 4, 5))
                .check((b, in) -> b.transpose(sq(b, in.get("x")), 0, 2, 1, 3));
    }

    @Test
    void transposeWithDefaultPermutationReversesAxes() {
        check().wrt("x", random(88, 1f, 2, 3, 4)).check((b, in) -> {
            Value x = sq(b, in.get("x"));
            return b.op("Transpose", List.of(x), Map.of(), x.dtype(), Shape.of(4, 3, 2));
        });
    }

    @Test
    void unsqueezeAndSqueeze() {
        check().wrt("x", random(55, 1f, 2, 3))
                .check((b, in) -> b.unsqueeze(sq(b, in.get("x")), 0, -1));
        check().wrt("x", random(56, 1f, 2, 1, 3, 1), Shape.of("batch", 1, 3, 1))
                .check((b, in) -> b.squeeze(sq(b, in.get("x")), 1, -1));
    }

    @Test
    void concatOnFixedAxis() {
        check().wrt("x", random(57, 1f, 2, 3)).wrt("y", random(58, 1f, 2, 4))
                .check((b, in) -> b.concat(1, sq(b, in.get("x")), in.get("y"), in.get("x")));
    }

    @Test
    void concatOnSymbolicAxis() {
        // text [batch, text_len, 3] ++ boxes [batch, num_boxes, 3] along the sequence axis.
        check().wrt("t", random(59, 1f, 2, 3, 3), Shape.of("batch", "text_len", 3))
                .wrt("v", random(60, 1f, 2, 2, 3), Shape.of("batch", "num_boxes", 3))
                .check((b, in) -> b.concat(1, sq(b, in.get("t")), in.get("v")));
    }

    @Test
    void sliceFixedAxis() {
        check().wrt("x", random(61, 1f, 3, 6)).check((b, in) -> b.slice(sq(b, in.get("x")), 1, 1, 4));
        check().wrt("x", random(62, 1f, 3, 6)).check((b, in) -> b.slice(sq(b, in.get("x")), 0, 1, Long.MAX_VALUE));
    }

    @Test
    void sliceNegativeStart() {
        check().wrt("x", random(63, 1f, 3, 6)).check((b, in) -> b.slice(sq(b, in.get("x")), -1, -4, -1));
        check().wrt("x", random(64, 1f, 3, 6)).check((b, in) -> b.slice(sq(b, in.get("x")), 1, -2, Long.MAX_VALUE));
    }

    @Test
    void sliceOnSymbolicAxis() {
        check().wrt("x", random(65, 1f, 2, 5, 3), Shape.of("batch", "seq", 3))
                .check((b, in) -> b.slice(sq(b, in.get("x")), 1, 1, 3));
        // [:, 0] style CLS pooling on a dynamic sequence axis, and x[:, 2:]
        check().wrt("x", random(66, 1f, 2, 5, 3), Shape.of("batch", "seq", 3))
                .check((b, in) -> b.slice(sq(b, in.get("x")), 1, 0, 1));
        check().wrt("x", random(67, 1f, 2, 5, 3), Shape.of("batch", "seq", 3))
                .check((b, in) -> b.slice(sq(b, in.get("x")), 1, 2, Long.MAX_VALUE));
    }

    @Test
    void sliceNegativeStartOnSymbolicAxis() {
        check().wrt("x", random(68, 1f, 2, 5, 3), Shape.of("batch", "seq", 3))
                .check((b, in) -> b.slice(sq(b, in.get("x")), 1, -2, Long.MAX_VALUE));
    }

    @Test
    void sliceSeveralAxesAtOnce() {
        // x[1:3, -3:] on [4, batch=5] (the second axis symbolic), one Slice node.
        check().wrt("x", random(82, 1f, 4, 5), Shape.of(4, "batch")).check((b, in) -> {
            Value x = sq(b, in.get("x"));
            return b.op("Slice", List.of(x, b.longs(1, -3), b.longs(3, Long.MAX_VALUE), b.longs(0, 1)),
                    Map.of(), x.dtype(), Shape.of(2, "sliced"));
        });
    }

    @Test
    void sliceWithAStepIsRejectedClearly() {
        GraphBuilder b = new GraphBuilder();
        Value x = b.input("x", DType.FLOAT, 6);
        Value loss = b.sumAll(b.slice(x, 0, 0, 6, 2));
        var e = assertThrows(UnsupportedOperationException.class,
                () -> new Autodiff(b).gradients(loss, List.of(x)));
        assertTrue(e.getMessage().contains("step 2") && e.getMessage().contains("Slice"), e.getMessage());
    }

    @Test
    void splitWithAnUnusedPiece() {
        check().wrt("x", random(69, 1f, 2, 7)).check((b, in) -> {
            List<Value> parts = b.split(sq(b, in.get("x")), 1, 2, 3, 2);
            return b.concat(1, b.mul(parts.get(2), parts.get(0)), parts.get(0));
        });
        check().wrt("x", random(70, 1f, 6, 3), Shape.of(6, "width")).check((b, in) -> {
            List<Value> parts = b.split(in.get("x"), 0, 4, 2);
            return b.mul(parts.get(1), parts.get(1));
        });
    }

    @Test
    void expand() {
        check().wrt("x", random(71, 1f, 3, 1)).check((b, in) -> b.expand(sq(b, in.get("x")),
                Shape.of(2, 3, 4), b.longs(2, 3, 4)));
        check().wrt("x", random(72, 1f, 1, 4)).check((b, in) -> b.expand(sq(b, in.get("x")),
                Shape.of(3, 4), b.longs(3, 1)));
    }

    @Test
    void reduceSumKeepDimsAndSeveralAxes() {
        check().wrt("x", random(73, 1f, 2, 3, 4)).check((b, in) -> b.reduceSum(sq(b, in.get("x")), true, 1));
        check().wrt("x", random(74, 1f, 2, 3, 4)).check((b, in) -> b.reduceSum(sq(b, in.get("x")), false, 1));
        check().wrt("x", random(75, 1f, 2, 3, 4)).check((b, in) -> b.reduceSum(sq(b, in.get("x")), false, 0, 2));
        check().wrt("x", random(76, 1f, 2, 3, 4)).check((b, in) -> b.reduceSum(sq(b, in.get("x")), true, -1, 0));
        check().wrt("x", random(77, 1f, 2, 3, 4), Shape.of("batch", "seq", 4))
                .check((b, in) -> b.sumAll(sq(b, in.get("x"))));
    }

    @Test
    void reduceMeanKeepDimsAndSeveralAxes() {
        check().wrt("x", random(78, 1f, 2, 3, 4)).check((b, in) -> b.reduceMean(sq(b, in.get("x")), true, 2));
        check().wrt("x", random(79, 1f, 2, 3, 4)).check((b, in) -> b.reduceMean(sq(b, in.get("x")), false, 0, 1));
        check().wrt("x", random(80, 1f, 2, 3, 4), Shape.of("batch", "seq", 4))
                .check((b, in) -> b.reduceMean(sq(b, in.get("x")), false, 1));
        check().wrt("x", random(81, 1f, 2, 3, 4), Shape.of("batch", "seq", 4))
                .check((b, in) -> b.meanAll(sq(b, in.get("x"))));
    }

    /** Values 0.25 apart in shuffled order: no two within a finite-difference step of each other. */
    private static HostTensor separated(long seed, long... shape) {
        HostTensor t = HostTensor.allocate(DType.FLOAT, shape);
        int n = (int) t.numel();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        for (int i = 0; i < n; i++) {
            t.floatView().put(i, -1.5f + 0.25f * order.get(i));
        }
        return t;
    }

    @Test
    void reduceMax() {
        check().wrt("x", separated(83, 2, 3, 4)).check((b, in) -> b.reduceMax(in.get("x"), false, 1));
        check().wrt("x", separated(84, 2, 3, 4)).check((b, in) -> b.reduceMax(in.get("x"), true, 0, 2));
        check().wrt("x", separated(85, 2, 3, 4), Shape.of("batch", "seq", 4))
                .check((b, in) -> b.reduceMax(in.get("x"), false, -1));
    }

    @Test
    void reduceMaxSplitsTheGradientBetweenTies() {
        GraphBuilder b = new GraphBuilder();
        Value x = b.input("x", DType.FLOAT, 2, 4);
        Value loss = b.sumAll(b.reduceMax(x, false, 1));
        b.output("g", new Autodiff(b).gradients(loss, List.of(x)).gradients().get(x));
        HostTensor xv = HostTensor.ofFloats(new long[] {2, 4}, 1, 3, 3, 2, 5, 5, 5, -1);
        try (OrtRunner ort = new OrtRunner(new OnnxEmitter(b.graph()).emit(), 1)) {
            float third = 1f / 3;
            assertArrayEquals(new float[] {0, 0.5f, 0.5f, 0, third, third, third, 0},
                    ort.run(Map.of("x", xv)).get("g").toFloatArray(), 1e-6f);
        }
    }

    @Test
    void padWithConstantAndRuntimePads() {
        check().wrt("x", random(86, 1f, 2, 3)).check((b, in) ->
                b.pad(sq(b, in.get("x")), b.longs(1, 0, 2, 3), Shape.of(5, 6)));
        check().input("pads", Tensors.longs(new long[] {6}, 0, 2, 1, 0, 0, 2))
                .wrt("x", random(87, 1f, 2, 3, 4), Shape.of("batch", 3, 4))
                .check((b, in) -> b.pad(sq(b, in.get("x")), in.get("pads"), Shape.of("padded", 5, 7)));
    }

    /** x * x: makes the per-element derivative depend on the element. */
    private static Value sq(GraphBuilder b, Value x) {
        return b.mul(x, x);
    }
}
