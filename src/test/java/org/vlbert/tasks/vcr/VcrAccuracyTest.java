package org.vlbert.tasks.vcr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vlbert.graphs.tensor.HostTensor;

class VcrAccuracyTest {
    @Test
    void countsArgmaxHitsFirstMaximumOnTiesAndSkipsUnlabelledRows() {
        VcrAccuracy acc = new VcrAccuracy();
        HostTensor logits = HostTensor.ofFloats(new long[] {3, 4}, 0, 2, 1, 0, 5, 5, 0, 0, 1, 0, 0, 0);
        // row 0 picks 1 (hit), row 1 ties on 0 and 1 -> 0 (miss against 1), row 2 has label -1
        acc.update(Map.of("answer_label", HostTensor.ofLongs(new long[] {3}, 1, 1, -1)), Map.of("label_logits", logits));
        assertEquals(0.5, acc.value());
        assertEquals("Acc", acc.name());
    }
}
