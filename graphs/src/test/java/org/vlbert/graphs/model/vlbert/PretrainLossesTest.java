package org.vlbert.graphs.model.vlbert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.model.vlbert.PretrainLosses.Normalization;
import org.vlbert.graphs.model.vlbert.PretrainLosses.TargetLosses;
import org.vlbert.graphs.onnx.OnnxEmitter;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.graphs.testutil.OrtRunner;

/** The MLM and MVRC losses and both normalisation modes, against hand-computed values. */
class PretrainLossesTest {
    private static final double EPS = PretrainLosses.BATCH_FIRST_EPS;

    /** Logits [2 samples, 3 tokens, 4 classes]; sample 0 labels (2, -1, 0), sample 1 (1, -1, -1). */
    private static final float[] LOGITS = {0, 0, 0, 0, 1, 2, 3, 4, 2, 0, 0, 0, 1, 0, 0, 0, 7, 7, 7, 7, 3, 1, 4, 1};
    private static final double L00 = Math.log(4);
    private static final double L02 = Math.log(Math.exp(2) + 3) - 2;
    private static final double L10 = Math.log(Math.E + 3);

    @Test
    void mlmLossesIgnoreMinusOneAndNormaliseBothWays() {
        GraphBuilder b = new GraphBuilder();
        Value logits = b.input("logits", DType.FLOAT, 2, 3, 4);
        Value labels = b.input("labels", DType.INT64, 2, 3);
        Value first = b.input("first_row", DType.FLOAT, 2, 1);
        TargetLosses t = PretrainLosses.tokenCrossEntropy(b, logits, labels);
        b.output("mean", PretrainLosses.reduce(b, t, null, Normalization.MEAN_OVER_TARGETS, true));
        b.output("mean_first", PretrainLosses.reduce(b, t, first, Normalization.MEAN_OVER_TARGETS, true));
        b.output("mean_second", PretrainLosses.reduce(b, t, b.sub(b.scalar(1f), first),
                Normalization.MEAN_OVER_TARGETS, true));
        b.output("batch_first", PretrainLosses.reduce(b, t, null, Normalization.BATCH_FIRST, true));
        Map<String, HostTensor> out = run(b, Map.of(
                "logits", HostTensor.ofFloats(new long[] {2, 3, 4}, LOGITS),
                "labels", HostTensor.ofLongs(new long[] {2, 3}, 2, -1, 0, 1, -1, -1),
                "first_row", HostTensor.ofFloats(new long[] {2, 1}, 1, 0)));
        assertClose((L00 + L02 + L10) / 3, out.get("mean"));
        assertClose((L00 + L02) / 2, out.get("mean_first"));
        assertClose(L10, out.get("mean_second"));
        assertClose(((L00 + L02) / (2 + EPS) + L10 / (1 + EPS)) / (2 + EPS), out.get("batch_first"));
    }

    @Test
    void batchFirstCountsOnlySamplesWithTargetsAndAnEmptyMeanIsNaN() {
        GraphBuilder b = new GraphBuilder();
        Value logits = b.input("logits", DType.FLOAT, 2, 3, 4);
        Value labels = b.input("labels", DType.INT64, 2, 3);
        TargetLosses t = PretrainLosses.tokenCrossEntropy(b, logits, labels);
        b.output("batch_first", PretrainLosses.reduce(b, t, null, Normalization.BATCH_FIRST, true));
        b.output("mean", PretrainLosses.reduce(b, t, null, Normalization.MEAN_OVER_TARGETS, true));
        HostTensor logitsIn = HostTensor.ofFloats(new long[] {2, 3, 4}, LOGITS);
        Map<String, HostTensor> out = run(b, Map.of("logits", logitsIn,
                "labels", HostTensor.ofLongs(new long[] {2, 3}, 2, -1, 0, -1, -1, -1)));
        assertClose(((L00 + L02) / (2 + EPS)) / (1 + EPS), out.get("batch_first"));
        Map<String, HostTensor> none = run(b, Map.of("logits", logitsIn,
                "labels", HostTensor.ofLongs(new long[] {2, 3}, -1, -1, -1, -1, -1, -1)));
        assertTrue(Float.isNaN(none.get("mean").toFloatArray()[0]), "PyTorch cross_entropy of nothing is NaN");
        assertEquals(0f, none.get("batch_first").toFloatArray()[0]);
    }

    @Test
    void softCrossEntropyUsesRowsWhoseTargetsSumToOne() {
        GraphBuilder b = new GraphBuilder();
        Value logits = b.input("logits", DType.FLOAT, 2, 2, 3);
        Value targets = b.input("targets", DType.FLOAT, 2, 2, 3);
        TargetLosses t = PretrainLosses.softCrossEntropy(b, logits, targets);
        b.output("mean", PretrainLosses.reduce(b, t, null, Normalization.MEAN_OVER_TARGETS, false));
        b.output("batch_first", PretrainLosses.reduce(b, t, null, Normalization.BATCH_FIRST, false));
        HostTensor logitsIn = HostTensor.ofFloats(new long[] {2, 2, 3}, 0, 0, 0, 1, 2, 3, 0, 1, 0, 5, 5, 5);
        // Sample 0: a soft row and a 0.95-mass row (both valid); sample 1: mass 0.85 and 0 (invalid).
        HostTensor targetsIn = HostTensor.ofFloats(new long[] {2, 2, 3},
                0.2f, 0.3f, 0.5f, 0f, 0.95f, 0f, 0.85f, 0f, 0f, 0f, 0f, 0f);
        Map<String, HostTensor> out = run(b, Map.of("logits", logitsIn, "targets", targetsIn));
        double l0 = Math.log(3);
        double l1 = -0.95f * (2 - Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)));
        assertClose((l0 + l1) / 2, out.get("mean"));
        assertClose((l0 + l1) / (2 + EPS) / (1 + EPS), out.get("batch_first"));

        Map<String, HostTensor> none = run(b, Map.of("logits", logitsIn,
                "targets", HostTensor.allocate(DType.FLOAT, 2, 2, 3)));
        assertEquals(0f, none.get("mean").toFloatArray()[0], "the reference returns 0 without valid rows");
        assertEquals(0f, none.get("batch_first").toFloatArray()[0]);
    }

    private static void assertClose(double expected, HostTensor actual) {
        assertEquals(expected, actual.toFloatArray()[0], 1e-6 * Math.max(1, Math.abs(expected)));
    }

    private static Map<String, HostTensor> run(GraphBuilder b, Map<String, HostTensor> feeds) {
        try (OrtRunner ort = new OrtRunner(new OnnxEmitter(b.graph()).emit(), 1)) {
            return ort.run(feeds);
        }
    }
}
