package org.vlbert.tasks.refcoco;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vlbert.graphs.tensor.HostTensor;

class RefcocoMetricsTest {
    // two samples of 4 box slots; sample 1 has two real boxes (labels -1 for padding, logits -10000)
    private static final Map<String, HostTensor> BATCH = Map.of("label",
            HostTensor.ofFloats(new long[] {2, 4}, 0, 1, 0, 1, 0, 1, -1, -1));
    private static final Map<String, HostTensor> OUT = Map.of("label_logits",
            HostTensor.ofFloats(new long[] {2, 4}, -1, 3, 0.5f, -2, 2, 1, -10000, -10000));

    @Test
    void refAccuracyChecksTheLabelOfTheTopBox() {
        RefcocoMetrics.RefAccuracy m = new RefcocoMetrics.RefAccuracy();
        m.update(BATCH, OUT);
        // sample 0: box 1 (label 1) hit; sample 1: box 0 (label 0) miss
        assertEquals(0.5, m.value());
    }

    @Test
    void clsAccuraciesAndPositiveFractionCountRealBoxesOnly() {
        RefcocoMetrics.ClsAccuracy all = new RefcocoMetrics.ClsAccuracy(false);
        RefcocoMetrics.ClsAccuracy pos = new RefcocoMetrics.ClsAccuracy(true);
        RefcocoMetrics.ClsPosFraction frac = new RefcocoMetrics.ClsPosFraction();
        all.update(BATCH, OUT);
        pos.update(BATCH, OUT);
        frac.update(BATCH, OUT);
        // predictions logit > 0: [0 1 1 0 | 1 1]; labels [0 1 0 1 | 0 1]: 3 of 6 right
        assertEquals(3.0 / 6, all.value());
        // positives (3): box 1 right, box 3 wrong, sample 1 box 1 right
        assertEquals(2.0 / 3, pos.value());
        assertEquals(3.0 / 6, frac.value());
        assertEquals("ClsPosAcc", pos.name());
    }
}
