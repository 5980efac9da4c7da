package org.vlbert.eval.refcoco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vlbert.eval.BatchModel;
import org.vlbert.eval.StubTaskData;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.tasks.EvalRow;

class RefcocoRunsTest {
    @Test
    void predictedBoxesArePairedWithTheirSentencesInOrder() {
        Map<String, HostTensor> b1 = Map.of("expression", HostTensor.ofLongs(new long[] {2, 1}, 1, 2));
        Map<String, HostTensor> b2 = Map.of("expression", HostTensor.ofLongs(new long[] {1, 1}, 3));
        BatchModel model = batch -> {
            long[] e = batch.get("expression").toLongArray();
            float[] boxes = new float[e.length * 4];
            for (int i = 0; i < e.length; i++) {
                boxes[i * 4 + 2] = 9f * e[i];
                boxes[i * 4 + 3] = 9f;
            }
            return Map.of("pred_boxes", HostTensor.ofFloats(new long[] {e.length, 4}, boxes));
        };
        List<EvalRow> rows = List.of(new EvalRow("11", new double[] {0, 0, 9, 9}),
                new EvalRow("11", new double[] {0, 0, 9, 9}), new EvalRow("12", new double[] {0, 0, 27, 9}));
        List<RefcocoPrediction> p = RefcocoRuns.test(new StubTaskData(List.of(b1, b2), rows), model, "test [testA]",
                s -> { });
        assertEquals(List.of(11L, 11L, 12L), p.stream().map(RefcocoPrediction::refId).toList());
        assertArrayEquals(new float[] {0, 0, 18, 9}, p.get(1).box());
        RefcocoResults.Accuracy acc = RefcocoResults.accuracy("testA", p);
        // sentence 2: [0,0,18,9] vs [0,0,9,9] -> 100 / 190 >= 0.5; sentence 3 exact
        assertEquals(3, acc.correct());
    }
}
