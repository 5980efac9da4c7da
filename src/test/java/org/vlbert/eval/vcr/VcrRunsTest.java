package org.vlbert.eval.vcr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vlbert.cli.VlbertException;
import org.vlbert.eval.BatchModel;
import org.vlbert.eval.StubTaskData;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.tasks.EvalRow;

class VcrRunsTest {
    /** A QA->R stand-in: logits[b, c] = c * (first token id of the question it is fed). */
    private static final BatchModel BY_FIRST_TOKEN = batch -> {
        HostTensor q = batch.get("question");
        assertEquals(3, q.rank(), "each run gets one [B, Lq, 3] question variant");
        long[] ids = q.toLongArray();
        int b = (int) q.dim(0);
        int stride = (int) (q.dim(1) * q.dim(2));
        float[] logits = new float[b * 4];
        for (int i = 0; i < b; i++) {
            for (int c = 0; c < 4; c++) {
                logits[i * 4 + c] = c * ids[i * stride];
            }
        }
        return Map.of("label_logits", HostTensor.ofFloats(new long[] {b, 4}, logits));
    };

    /** question [B, 4, 2, 3] whose variant k of sample i starts with token id k + i. */
    private static Map<String, HostTensor> qaToRBatch(int b, int firstSample) {
        long[] v = new long[b * 4 * 2 * 3];
        for (int i = 0; i < b; i++) {
            for (int k = 0; k < 4; k++) {
                v[((i * 4 + k) * 2) * 3] = k + firstSample + i;
            }
        }
        return Map.of("question", HostTensor.ofLongs(new long[] {b, 4, 2, 3}, v));
    }

    @Test
    void qaToRRunsOncePerAnswerAndConcatenatesTheSoftmaxesAnswerMajor() {
        StubTaskData data = new StubTaskData(List.of(qaToRBatch(2, 0), qaToRBatch(1, 2)),
                List.of(EvalRow.of("test-0"), EvalRow.of("test-1"), EvalRow.of("test-2")));
        List<String> log = new ArrayList<>();
        List<VcrLeaderboard.Row> rows = VcrRuns.test(VcrLeaderboard.Kind.QA2R, data, BY_FIRST_TOKEN, log::add);
        assertEquals(List.of("test-0", "test-1", "test-2"), rows.stream().map(VcrLeaderboard.Row::annotId).toList());
        float[] r0 = rows.get(0).probabilities();
        assertEquals(16, r0.length);
        assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f, 0.25f}, java.util.Arrays.copyOfRange(r0, 0, 4));
        assertArrayEquals(new float[] {0.032058603f, 0.087144319f, 0.23688282f, 0.64391426f}, // softmax(0, 1, 2, 3)
                java.util.Arrays.copyOfRange(r0, 4, 8), 1e-6f);   // conditioned on answer 1
        assertArrayEquals(new float[] {0.00011726631f, 0.0023553568f, 0.047308607f, 0.95021877f}, // softmax(0, 3, 6, 9)
                java.util.Arrays.copyOfRange(r0, 12, 16), 1e-6f); // conditioned on answer 3
        float[] r2 = rows.get(2).probabilities();          // second batch, sample 0: ids start at 2
        assertArrayEquals(new float[] {0.0021440088f, 0.015842201f, 0.11705891f, 0.86495488f}, // softmax(0, 2, 4, 6)
                java.util.Arrays.copyOfRange(r2, 0, 4), 1e-6f);
        assertTrue(log.get(log.size() - 1).contains("batch 2/2"), log.toString());
    }

    @Test
    void qToAIsOneSoftmaxPerRowAndCountsMustMatch() {
        Map<String, HostTensor> batch = Map.of("question", HostTensor.ofLongs(new long[] {1, 1, 3}, 5, 0, 0));
        BatchModel model = b -> Map.of("label_logits", HostTensor.ofFloats(new long[] {1, 4}, 0f, 0f, 0f, 0f));
        List<VcrLeaderboard.Row> rows = VcrRuns.test(VcrLeaderboard.Kind.Q2A,
                new StubTaskData(List.of(batch), List.of(EvalRow.of("test-5"))), model, s -> { });
        assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f, 0.25f}, rows.get(0).probabilities());

        VlbertException e = assertThrows(VlbertException.class, () -> VcrRuns.test(VcrLeaderboard.Kind.Q2A,
                new StubTaskData(List.of(batch), List.of(EvalRow.of("a"), EvalRow.of("b"))), model, s -> { }));
        assertTrue(e.getMessage().contains("1 rows for 2 annotations"), e.getMessage());
        VlbertException notVariants = assertThrows(VlbertException.class, () -> VcrRuns.test(VcrLeaderboard.Kind.QA2R,
                new StubTaskData(List.of(batch), List.of(EvalRow.of("a"))), model, s -> { }));
        assertTrue(notVariants.getMessage().contains("[batch, 4, length, 3]"), notVariants.getMessage());
    }
}
