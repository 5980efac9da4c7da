package org.vlbert.tasks.pretrain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vlbert.graphs.tensor.HostTensor;

class PretrainMetricsTest {
    @Test
    void mlmAccuracyScoresLabelledPositionsAndIgnoresLogitsBeyondTheLabels() {
        // logits [1, 3, 2] (Lm = 3) for labels [1, 2] (L = 2)
        HostTensor logits = HostTensor.ofFloats(new long[] {1, 3, 2}, 0, 1, 1, 0, 9, 9);
        PretrainMetrics.MlmAccuracy m = new PretrainMetrics.MlmAccuracy("MLMAccWVC", "mlm_logits_wvc", "mlm_labels");
        m.update(Map.of("mlm_labels", HostTensor.ofLongs(new long[] {1, 2}, 1, 1)), Map.of("mlm_logits_wvc", logits));
        assertEquals(0.5, m.value());
        m.reset();
        m.update(Map.of("mlm_labels", HostTensor.ofLongs(new long[] {1, 2}, -1, -1)), Map.of("mlm_logits_wvc", logits));
        assertEquals(Double.NaN, m.value(), "no labelled position: NaN, like the reference");
    }

    @Test
    void mvrcAccuracyComparesArgmaxesOnRowsWhoseSoftLabelSumsToOne() {
        HostTensor logits = HostTensor.ofFloats(new long[] {1, 3, 3}, 0, 2, 1, 3, 0, 0, 0, 0, 1);
        // row 0 valid (argmax 1 = label argmax 1), row 1 valid (argmax 0 vs label 2), row 2 zero (invalid)
        HostTensor labels = HostTensor.ofFloats(new long[] {1, 3, 3}, 0.2f, 0.7f, 0.1f, 0.1f, 0, 0.85f, 0, 0, 0);
        PretrainMetrics.MvrcAccuracy m = new PretrainMetrics.MvrcAccuracy();
        m.update(Map.of("mvrc_labels", labels), Map.of("mvrc_logits", logits));
        assertEquals(0.5, m.value());
        assertEquals(1.0, m.raw()[0]);
        assertEquals(2.0, m.raw()[1]);
    }

    @Test
    void relationshipAccuracyCountsEverySample() {
        PretrainMetrics.RelationshipAccuracy m = new PretrainMetrics.RelationshipAccuracy();
        m.update(Map.of("relationship_label", HostTensor.ofLongs(new long[] {2}, 1, 1)),
                Map.of("relationship_logits", HostTensor.ofFloats(new long[] {2, 2}, 0, 1, 1, 0)));
        assertEquals(0.5, m.value());
    }
}
