package org.vlbert.graphs.autodiff;

import static org.vlbert.graphs.testutil.GradCheck.awayFromZero;
import static org.vlbert.graphs.testutil.GradCheck.random;
import static org.vlbert.graphs.testutil.GradCheck.uniform;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.graphs.testutil.GradCheck;
import org.vlbert.graphs.testutil.Tensors;

/**
 * Finite-difference checks of the elementwise rules (arithmetic with broadcasting, activations,
 * Where, Cast). Float32 through ORT: step eps = 1e-2, pass when |analytic - numeric| <= atol +
 * rtol * |numeric| with atol = 2e-3, rtol = 2e-2. Inputs are O(1); kinks and poles are avoided.
 */
class ElementwiseVjpTest {
    private static final double EPS = 1e-2;
    private static final double ATOL = 2e-3;
    private static final double RTOL = 2e-2;

    private static GradCheck check() {
        return new GradCheck().tolerance(EPS, ATOL, RTOL);
    }

    // ------------------------------------------------------------------ broadcasting arithmetic

    private interface Binary {
        Value apply(GraphBuilder b, Value x, Value y);
    }

    private static final Binary ADD = GraphBuilder::add;
    private static final Binary SUB = GraphBuilder::sub;
    private static final Binary MUL = GraphBuilder::mul;
    private static final Binary DIV = GraphBuilder::div;

    /** x op y where y (the divisor for Div) stays in [0.5, 1.5] in magnitude. */
    private static void binaryCase(Binary op, long[] xs, Shape xDecl, long[] ys, Shape yDecl) {
        check().wrt("x", random(11, 1f, xs), xDecl == null ? Shape.fixed(xs) : xDecl)
                .wrt("y", awayFromZero(12, 0.5f, 1.5f, ys), yDecl == null ? Shape.fixed(ys) : yDecl)
                .check((b, in) -> op.apply(b, in.get("x"), in.get("y")));
    }

    private static void allBinaryOps(long[] xs, Shape xDecl, long[] ys, Shape yDecl) {
        for (Binary op : new Binary[] {ADD, SUB, MUL, DIV}) {
            binaryCase(op, xs, xDecl, ys, yDecl);
        }
    }

    @Test
    void sameShape() {
        allBinaryOps(new long[] {2, 3}, null, new long[] {2, 3}, null);
    }

    @Test
    void rightOperandOfLowerRankBroadcasts() {
        allBinaryOps(new long[] {2, 3, 4}, null, new long[] {4}, null);
    }

    @Test
    void leftOperandOfLowerRankBroadcasts() {
        allBinaryOps(new long[] {4}, null, new long[] {2, 3, 4}, null);
    }

    @Test
    void sizeOneDimsBroadcastBothWays() {
        // [2,1,4] op [3,1] -> [2,3,4]: x stretches on axis 1, y on axis 2 and the missing axis 0.
        allBinaryOps(new long[] {2, 1, 4}, null, new long[] {3, 1}, null);
    }

    @Test
    void scalarOperand() {
        allBinaryOps(new long[] {2, 3}, null, new long[] {}, null);
        allBinaryOps(new long[] {}, null, new long[] {2, 3}, null);
    }

    @Test
    void symbolicDimsAgainstFixedSizeOneDims() {
        // x [batch, 3, 4] (batch = 2 at run time) with y [1, 4]: y is summed over batch and axis 1.
        allBinaryOps(new long[] {2, 3, 4}, Shape.of("batch", 3, 4), new long[] {1, 4}, null);
        // x [batch, 1, 4] with y [1, seq, 4]: both operands are stretched on a symbolic axis.
        allBinaryOps(new long[] {2, 1, 4}, Shape.of("batch", 1, 4),
                new long[] {1, 3, 4}, Shape.of(1, "seq", 4));
        // Same symbol on both sides is not reduced.
        allBinaryOps(new long[] {2, 3}, Shape.of("batch", 3), new long[] {2, 1}, Shape.of("batch", 1));
    }

    @Test
    void valueUsedTwiceInOneNode() {
        check().wrt("x", random(13, 1f, 3, 2)).check((b, in) -> b.mul(in.get("x"), in.get("x")));
        check().wrt("x", awayFromZero(14, 0.5f, 1.5f, 3, 2)).check((b, in) -> b.div(in.get("x"), in.get("x")));
    }

    @Test
    void variadicSumWithBroadcasting() {
        check().wrt("x", random(15, 1f, 2, 3)).wrt("y", random(16, 1f, 3)).wrt("z", random(17, 1f, 2, 1))
                .check((b, in) -> {
                    Value s = b.sum(List.of(in.get("x"), in.get("y"), in.get("z")));
                    return b.mul(s, s);
                });
    }

    // ------------------------------------------------------------------ unary functions

    private interface Unary {
        Value apply(GraphBuilder b, Value x);
    }

    private static void unaryCase(HostTensor x, Unary f) {
        check().wrt("x", x).check((b, in) -> f.apply(b, in.get("x")));
    }

    @Test
    void neg() {
        unaryCase(random(21, 1f, 2, 3), GraphBuilder::neg);
    }

    @Test
    void powWithConstantExponents() {
        HostTensor positive = uniform(22, 0.5f, 1.5f, 2, 3);
        unaryCase(positive, (b, x) -> b.pow(x, 2f));
        unaryCase(positive, (b, x) -> b.pow(x, 3f));
        unaryCase(positive, (b, x) -> b.pow(x, 0.5f));
        unaryCase(positive, (b, x) -> b.pow(x, -1.5f));
    }

    @Test
    void sqrtReciprocalExpLog() {
        HostTensor positive = uniform(23, 0.5f, 2f, 2, 3);
        unaryCase(positive, GraphBuilder::sqrt);
        unaryCase(awayFromZero(24, 0.5f, 1.5f, 2, 3), GraphBuilder::reciprocal);
        unaryCase(random(25, 1f, 2, 3), GraphBuilder::exp);
        unaryCase(positive, GraphBuilder::log);
    }

    @Test
    void tanhErfSigmoid() {
        HostTensor x = random(26, 2f, 3, 4);
        unaryCase(x, GraphBuilder::tanh);
        unaryCase(x, GraphBuilder::erf);
        unaryCase(x, GraphBuilder::sigmoid);
    }

    @Test
    void reluAbsAwayFromTheKink() {
        HostTensor x = awayFromZero(27, 0.1f, 1.5f, 3, 4);
        unaryCase(x, GraphBuilder::relu);
        unaryCase(x, GraphBuilder::abs);
    }

    @Test
    void softplusSinCos() {
        HostTensor x = random(28, 2f, 3, 4);
        unaryCase(x, GraphBuilder::softplus);
        unaryCase(x, GraphBuilder::sin);
        unaryCase(x, GraphBuilder::cos);
    }

    @Test
    void geluErfForm() {
        unaryCase(random(29, 3f, 3, 5), GraphBuilder::gelu);
    }

    @Test
    void identity() {
        unaryCase(random(30, 1f, 4), GraphBuilder::identity);
    }

    // ------------------------------------------------------------------ Where, Cast, dropout

    @Test
    void whereRoutesGradientsToBothBranchesWithBroadcast() {
        HostTensor cond = Tensors.bools(new long[] {2, 3}, true, false, true, false, false, true);
        check().input("cond", cond)
                .wrt("a", random(31, 1f, 2, 3))
                .wrt("c", random(32, 1f, 3))
                .check((b, in) -> b.where(in.get("cond"), in.get("a"), in.get("c")));
        // Condition broadcast over a leading axis, scalar second branch.
        check().input("cond", Tensors.bools(new long[] {3}, true, false, true))
                .wrt("a", random(33, 1f, 2, 3))
                .wrt("c", random(34, 1f))
                .check((b, in) -> b.where(in.get("cond"), in.get("a"), in.get("c")));
    }

    @Test
    void castToDoubleAndBack() {
        check().wrt("x", random(35, 1f, 2, 3)).check((b, in) -> {
            Value d = b.cast(in.get("x"), DType.DOUBLE);
            return b.cast(b.mul(d, b.exp(d)), DType.FLOAT);
        });
    }

    /**
     * Activations and arithmetic in another float type, between casts from and to float32. ORT
     * has no double Erf kernel, so Erf and Gelu join only when {@code withErf}.
     */
    private static Value activationChain(GraphBuilder b, Value x32, DType t, boolean withErf) {
        Value x = b.cast(x32, t);
        Value h = b.add(b.relu(x), b.tanh(x));
        h = b.mul(b.sigmoid(h), withErf ? b.gelu(x) : b.sin(x));
        h = b.add(h, b.mul(withErf ? b.erf(x) : b.neg(x), b.pow(b.exp(x), 2f)));
        h = b.div(h, b.add(b.sqrt(b.mul(x, x)), 1f));
        h = b.sub(h, b.where(b.greater(x, b.scalarLike(x, 0f)), x, b.scalarLike(x, 0.5f)));
        return b.cast(h, DType.FLOAT);
    }

    @Test
    void rulesWorkInDoublePrecision() {
        check().wrt("x", awayFromZero(40, 0.1f, 1.5f, 3, 4))
                .check((b, in) -> activationChain(b, in.get("x"), DType.DOUBLE, false));
    }

    @Test
    void rulesWorkInFloat16() {
        // Values round to fp16 (relative 2^-11) after each op: a wide step (0.1) and loose
        // tolerances (atol 3e-2, rtol 5e-2) keep that rounding below the check's resolution.
        new GradCheck().tolerance(0.1, 3e-2, 5e-2).wrt("x", awayFromZero(41, 0.2f, 1.5f, 3, 4))
                .check((b, in) -> activationChain(b, in.get("x"), DType.FLOAT16, true));
    }

    @Test
    void castToFloat16AndBack() {
        // fp16 rounds x±eps to a 2^-11-relative grid: a wider step (0.1) keeps that below 1%.
        new GradCheck().tolerance(0.1, 2e-3, 2e-2).wrt("x", random(36, 1f, 2, 3))
                .check((b, in) -> b.cast(b.cast(in.get("x"), DType.FLOAT16), DType.FLOAT));
    }

    @Test
    void castToIntegerBlocksTheGradient() {
        // x + float(int(x)): the truncation has zero derivative almost everywhere, and the
        // gradient must not flow through it. Values stay 0.2 away from integers.
        HostTensor x = uniform(37, 0.2f, 0.8f, 2, 3);
        var fb = x.floatView();
        for (int i = 0; i < fb.capacity(); i++) {
            fb.put(i, fb.get(i) + (i % 3) - 1);
        }
        check().wrt("x", x).check((b, in) -> {
            Value v = in.get("x");
            return b.add(b.mul(v, v), b.cast(b.cast(v, DType.INT64), DType.FLOAT));
        });
    }

    @Test
    void dropoutWithAFixedMask() {
        HostTensor mask = Tensors.bools(new long[] {2, 4},
                true, false, true, true, false, true, true, false);
        check().input("mask", mask).wrt("x", random(38, 1f, 2, 4))
                .check((b, in) -> b.dropout(in.get("x"), in.get("mask"), 0.25f));
        // A mask broadcast over the batch axis.
        check().input("mask", Tensors.bools(new long[] {1, 4}, true, false, false, true))
                .wrt("x", random(39, 1f, 3, 4), Shape.of("batch", 4))
                .check((b, in) -> b.dropout(in.get("x"), in.get("mask"), 0.1f));
    }
}
