package org.vlbert.tasks.vqa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vlbert.graphs.tensor.HostTensor;

class SoftAccuracyTest {
    @Test
    void sumsTheSoftTargetOfTheFirstMaximumAndCountsEverySample() {
        SoftAccuracy acc = new SoftAccuracy();
        // row 0 ties on answers 1 and 2 -> 1 (target 0.3); row 1 ties on 0 and 2 -> 0 (target 0.6)
        HostTensor logits = HostTensor.ofFloats(new long[] {2, 3}, 0, 2, 2, 5, 1, 5);
        HostTensor label = HostTensor.ofFloats(new long[] {2, 3}, 0, 0.3f, 1, 0.6f, 1, 0);
        acc.update(Map.of("label", label), Map.of("label_logits", logits));
        assertEquals((0.3f + 0.6f) / 2.0, acc.value(), 1e-7);
        acc.update(Map.of("label", label), Map.of("label_logits", logits));
        assertEquals(4, acc.raw()[1]);
        assertEquals("SoftAcc", acc.name());
    }
}
