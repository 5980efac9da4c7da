package org.vlbert.eval.vcr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.graphs.tensor.HostTensor;

class VcrLeaderboardTest {
    private static final String HEADER = "annot_id,answer_0,answer_1,answer_2,answer_3,"
            + "rationale_conditioned_on_a0_0,rationale_conditioned_on_a0_1,rationale_conditioned_on_a0_2,"
            + "rationale_conditioned_on_a0_3,rationale_conditioned_on_a1_0,rationale_conditioned_on_a1_1,"
            + "rationale_conditioned_on_a1_2,rationale_conditioned_on_a1_3,rationale_conditioned_on_a2_0,"
            + "rationale_conditioned_on_a2_1,rationale_conditioned_on_a2_2,rationale_conditioned_on_a2_3,"
            + "rationale_conditioned_on_a3_0,rationale_conditioned_on_a3_1,rationale_conditioned_on_a3_2,"
            + "rationale_conditioned_on_a3_3";

    private static float[] sixteen(float base) {
        float[] v = new float[16];
        for (int i = 0; i < 16; i++) {
            v[i] = (float) (base + i / 100.0); // the float nearest to the decimal, so its repr is that decimal
        }
        return v;
    }

    @Test
    void theSubmissionHasThe21ColumnsInTheLeaderboardOrder() {
        assertEquals(HEADER, String.join(",", VcrLeaderboard.COLUMNS));
        assertEquals(21, VcrLeaderboard.COLUMNS.size());
    }

    @Test
    void probabilitiesAreTheSoftmaxOverTheFourChoices() {
        double l2 = Math.log(2);
        HostTensor logits = HostTensor.ofFloats(new long[] {2, 4}, 0f, 0f, 0f, 0f,
                (float) Math.log(1), (float) l2, (float) Math.log(3), (float) Math.log(4));
        float[][] p = VcrProbabilities.softmax(logits);
        assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f, 0.25f}, p[0]);
        assertArrayEquals(new float[] {0.1f, 0.2f, 0.3f, 0.4f}, p[1], 1e-7f);
        // large logits do not overflow
        float[] big = VcrProbabilities.softmax(new float[] {1000f, 1000f, -1000f, 0f}, 0, 4);
        assertArrayEquals(new float[] {0.5f, 0.5f, 0f, 0f}, big);
    }

    @Test
    void perTaskFilesHaveTheReferenceHeadersAndPandasFloatText(@TempDir Path dir) throws Exception {
        List<VcrLeaderboard.Row> answers = List.of(
                new VcrLeaderboard.Row("test-0", new float[] {0.1f, 0.2f, 0.3f, 0.4f}),
                new VcrLeaderboard.Row("test-1", new float[] {1f / 3, 1.5e-5f, 0.25f, 0.41665167f}));
        String csv = VcrLeaderboard.answerCsv(answers);
        assertEquals("annot_id,answer_0,answer_1,answer_2,answer_3\n"
                + "test-0,0.1,0.2,0.3,0.4\n"
                + "test-1,0.33333334,1.5e-05,0.25,0.41665167\n", csv);
        Path file = VcrLeaderboard.write(dir, "vl-bert_base_a", VcrLeaderboard.Kind.Q2A, csv);
        assertEquals("vl-bert_base_a_test_result_Q2A.csv", file.getFileName().toString());
        assertEquals(csv, Files.readString(file));

        String r = VcrLeaderboard.rationaleCsv(List.of(new VcrLeaderboard.Row("test-0", sixteen(0f))));
        String[] lines = r.split("\n");
        assertEquals("annot_id," + String.join(",", VcrLeaderboard.RATIONALE_COLUMNS), lines[0]);
        assertEquals("rationale_conditioned_on_a1_2", lines[0].split(",")[7]); // answer outer, rationale inner
        assertEquals("test-0,0.0,0.01,0.02,0.03,0.04,0.05,0.06,0.07,0.08,0.09,0.1,0.11,0.12,0.13,0.14,0.15", lines[1]);
        assertThrows(IllegalArgumentException.class, () -> VcrLeaderboard.answerCsv(
                List.of(new VcrLeaderboard.Row("test-0", new float[16]))));
    }

    @Test
    void mergedFileIsAnInnerJoinInAnswerOrder() {
        List<VcrLeaderboard.Row> answers = List.of(
                new VcrLeaderboard.Row("test-2", new float[] {0.5f, 0.5f, 0f, 0f}),
                new VcrLeaderboard.Row("test-9", new float[] {1f, 0f, 0f, 0f}),   // no rationale row: dropped
                new VcrLeaderboard.Row("test-1", new float[] {0f, 0f, 0f, 1f}));
        List<VcrLeaderboard.Row> rationales = List.of(
                new VcrLeaderboard.Row("test-1", sixteen(0.5f)),
                new VcrLeaderboard.Row("test-2", sixteen(0f)),
                new VcrLeaderboard.Row("test-7", sixteen(0f)));
        String[] lines = VcrLeaderboard.mergedCsv(answers, rationales).split("\n");
        assertEquals(3, lines.length);
        assertEquals(HEADER, lines[0]);
        assertEquals("test-2,0.5,0.5,0.0,0.0,0.0,0.01,0.02,0.03,0.04,0.05,0.06,0.07,0.08,0.09,0.1,0.11,0.12,0.13,0.14,"
                + "0.15", lines[1]);
        assertEquals("test-1,0.0,0.0,0.0,1.0,0.5,0.51,0.52,0.53,0.54,0.55,0.56,0.57,0.58,0.59,0.6,0.61,0.62,0.63,0.64,"
                + "0.65", lines[2]);
        assertEquals(21, lines[1].split(",").length);
        assertEquals("x_test_result_Q2AR.csv", VcrLeaderboard.Kind.Q2AR.fileName("x"));
    }

    @Test
    void qaToRTestSlicesOneAnswerVariantOfTheQuestion() {
        long[] v = new long[2 * 4 * 3 * 3];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        HostTensor q = HostTensor.ofLongs(new long[] {2, 4, 3, 3}, v);
        HostTensor k2 = VcrRuns.choice(q, 2);
        assertArrayEquals(new long[] {2, 3, 3}, k2.shape());
        long[] got = k2.toLongArray();
        assertEquals(18, got[0]);        // sample 0, variant 2 starts at 2*9
        assertEquals(26, got[8]);
        assertEquals(36 + 18, got[9]);   // sample 1, variant 2
    }
}
