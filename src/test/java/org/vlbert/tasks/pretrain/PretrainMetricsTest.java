package org.vlbert.tasks.pretrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vlbert.graphs.tensor.HostTensor;

class PretrainMetricsTest {
    @Test
    void mlmAccuracyScoresLabelledPositionsAndIgnoresPredictionsBeyondTheLabels() {
        // predictions [1, 3] (Lm = 3) for labels [1, 2] (L = 2)
        HostTensor predictions = HostTensor.ofLongs(new long[] {1, 3}, 1, 0, 1);
        PretrainMetrics.MlmAccuracy m = new PretrainMetrics.MlmAccuracy("MLMAccWVC", "mlm_pred_wvc", "mlm_labels");
        assertEquals(Set.of("mlm_pred_wvc"), m.outputs());
        m.update(Map.of("mlm_labels", HostTensor.ofLongs(new long[] {1, 2}, 1, 1)), Map.of("mlm_pred_wvc", predictions));
        assertEquals(0.5, m.value());
        m.reset();
        m.update(Map.of("mlm_labels", HostTensor.ofLongs(new long[] {1, 2}, -1, -1)),
                Map.of("mlm_pred_wvc", predictions));
        assertEquals(Double.NaN, m.value(), "no labelled position: NaN, like the reference");
    }

    @Test
    void mvrcAccuracyComparesPredictionsWithLabelArgmaxOnRowsWhoseSoftLabelSumsToOne() {
        HostTensor predictions = HostTensor.ofLongs(new long[] {1, 3}, 1, 0, 2);
        // row 0 valid (1 = label argmax 1), row 1 valid (0 vs label 2), row 2 zero (invalid)
        HostTensor labels = HostTensor.ofFloats(new long[] {1, 3, 3}, 0.2f, 0.7f, 0.1f, 0.1f, 0, 0.85f, 0, 0, 0);
        PretrainMetrics.MvrcAccuracy m = new PretrainMetrics.MvrcAccuracy();
        assertEquals(Set.of("mvrc_pred"), m.outputs());
        m.update(Map.of("mvrc_labels", labels), Map.of("mvrc_pred", predictions));
        assertEquals(0.5, m.value());
        assertEquals(1.0, m.raw()[0]);
        assertEquals(2.0, m.raw()[1]);
    }

    @Test
    void aMissingPredictionOutputNamesIt() {
        PretrainMetrics.MvrcAccuracy m = new PretrainMetrics.MvrcAccuracy();
        var e = assertThrows(IllegalStateException.class, () -> m.update(Map.of("mvrc_labels",
                HostTensor.ofFloats(new long[] {1, 1, 1}, 1)), Map.of("mvrc_logits", HostTensor.ofFloats(new long[] {1,
                1, 1}, 0))));
        assertTrue(e.getMessage().contains("outputs.mvrc_pred"), e.getMessage());
    }

    @Test
    void relationshipAccuracyCountsEverySample() {
        PretrainMetrics.RelationshipAccuracy m = new PretrainMetrics.RelationshipAccuracy();
        m.update(Map.of("relationship_label", HostTensor.ofLongs(new long[] {2}, 1, 1)),
                Map.of("relationship_logits", HostTensor.ofFloats(new long[] {2, 2}, 0, 1, 1, 0)));
        assertEquals(0.5, m.value());
    }
}
