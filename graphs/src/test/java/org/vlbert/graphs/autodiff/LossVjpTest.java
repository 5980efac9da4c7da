package org.vlbert.graphs.autodiff;

import static org.vlbert.graphs.testutil.GradCheck.random;
import static org.vlbert.graphs.testutil.GradCheck.uniform;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.testutil.GradCheck;
import org.vlbert.graphs.testutil.Tensors;

/**
 * Finite-difference checks of the losses: softmax cross-entropy with ignore_index (classes on
 * axis 1, [N,C] and [N,C,d]) and binary cross-entropy with logits. Float32 through ORT:
 * eps = 1e-2, atol = 1e-3, rtol = 2e-2 (the losses are means, so gradients are small).
 */
class LossVjpTest {
    private static GradCheck check() {
        return new GradCheck().tolerance(1e-2, 1e-3, 2e-2);
    }

    @Test
    void softmaxCrossEntropy2dWithIgnoredLabels() {
        check().input("labels", Tensors.longs(new long[] {5}, 2, -100, 0, 3, -100), Shape.of("n"))
                .wrt("logits", random(121, 2f, 5, 4), Shape.of("n", 4))
                .check((b, in) -> b.softmaxCrossEntropy(in.get("logits"), in.get("labels"), -100));
    }

    @Test
    void softmaxCrossEntropyWithoutIgnoredLabels() {
        check().input("labels", Tensors.longs(new long[] {3}, 1, 1, 0))
                .wrt("logits", random(122, 2f, 3, 4))
                .check((b, in) -> b.softmaxCrossEntropy(in.get("logits"), in.get("labels"), -100));
    }

    @Test
    void softmaxCrossEntropy3dLayout() {
        // [N, C, d] logits with [N, d] labels, e.g. per-token classes after a transpose.
        check().input("labels", Tensors.longs(new long[] {2, 3}, 0, -100, 2, 1, 1, -100))
                .wrt("logits", random(123, 2f, 2, 3, 3), Shape.of("batch", 3, "seq"))
                .check((b, in) -> b.softmaxCrossEntropy(in.get("logits"), in.get("labels"), -100));
    }

    @Test
    void softmaxCrossEntropyBehindLinearAndTranspose() {
        // The MLM head shape: [batch, seq, hidden] -> logits [batch, seq, vocab] -> [batch, vocab, seq].
        check().input("labels", Tensors.longs(new long[] {2, 3}, 4, -100, 0, -100, 2, 2),
                        Shape.of("batch", "seq"))
                .wrt("h", random(124, 1f, 2, 3, 4), Shape.of("batch", "seq", 4))
                .wrt("w", random(125, 1f, 5, 4))
                .check((b, in) -> {
                    var logits = b.linear(in.get("h"), in.get("w"), null);
                    return b.softmaxCrossEntropy(b.transpose(logits, 0, 2, 1), in.get("labels"), -100);
                });
    }

    @Test
    void softmaxCrossEntropyWithSumReduction() {
        check().input("labels", Tensors.longs(new long[] {4}, 2, -100, 0, 3))
                .wrt("logits", random(128, 2f, 4, 4))
                .check((b, in) -> {
                    Value logits = in.get("logits");
                    return b.node("SoftmaxCrossEntropyLoss", "", List.of(logits, in.get("labels")),
                            Map.of("reduction", "sum", "ignore_index", -100L), List.of(DType.FLOAT, DType.FLOAT),
                            List.of(Shape.scalar(), logits.shape())).output(0);
                });
    }

    @Test
    void bceWithLogitsThenMean() {
        check().wrt("x", GradCheck.awayFromZero(126, 0.1f, 3f, 3, 4))
                .wrt("t", uniform(127, 0f, 1f, 3, 4))
                .check((b, in) -> b.meanAll(b.bceWithLogits(in.get("x"), in.get("t"))));
    }
}
