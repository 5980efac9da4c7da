package org.vlbert.graphs.model.vlbert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.onnx.OnnxEmitter;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.graphs.testutil.OrtRunner;

/** VCR text assembly and the tag -> region-feature gather on hand-made inputs ([CLS]=1, [SEP]=2). */
class VcrTextTest {
    private static final long P = -2;

    @Test
    void foldsChoicesIntoQuestionAnswerRowsWithTagsAndVisualFeatures() {
        // Sample 0: question (5, 6) tags (0, 2); sample 1: question (7) tag 1.
        HostTensor question = HostTensor.ofLongs(new long[] {2, 3, 3},
                5, 0, 0, 6, 2, 1, P, P, P,
                7, 1, 0, P, P, P, P, P, P);
        HostTensor answers = HostTensor.ofLongs(new long[] {2, 4, 2, 3},
                8, 1, 0, 9, 0, 1,        // s0 c0: (8, 9) tags (1, 0)
                10, 0, 0, P, P, P,       // s0 c1: (10)
                11, 3, 0, 12, 0, 1,      // s0 c2: (11, 12) tags (3, 0)
                13, 2, 0, P, P, P,       // s0 c3: (13) tag 2
                14, 0, 0, 15, 1, 1,      // s1 c0: (14, 15) tags (0, 1)
                4, 2, 0, P, P, P,        // s1 c1: (4) tag 2
                3, 0, 0, P, P, P,        // s1 c2: (3)
                12, 3, 0, P, P, P);      // s1 c3: (12) tag 3
        // Region features: objReps[b, n] = (10b + n, 100 - (10b + n)).
        float[] reps = new float[2 * 4 * 2];
        for (int s = 0; s < 2; s++) {
            for (int n = 0; n < 4; n++) {
                reps[(s * 4 + n) * 2] = 10 * s + n;
                reps[(s * 4 + n) * 2 + 1] = 100 - (10 * s + n);
            }
        }
        GraphBuilder b = new GraphBuilder();
        Value q = b.input("question", DType.INT64, "batch", "question_len", 3);
        Value a = b.input("answers", DType.INT64, "batch", 4, "answer_len", 3);
        Value objReps = b.input("obj_reps", DType.FLOAT, "batch", "num_objects", 2);
        VcrText text = VcrText.build(b, q, a, 1, 2);
        b.output("ids", text.ids());
        b.output("types", text.types());
        b.output("tags", text.tags());
        b.output("mask", text.mask());
        b.output("visual", VcrModel.textVisualEmbeddings(b, VcrModel.repeatChoices(b, objReps), text.tags()));
        Map<String, HostTensor> out;
        try (OrtRunner ort = new OrtRunner(new OnnxEmitter(b.graph()).emit(), 1)) {
            out = ort.run(Map.of("question", question, "answers", answers,
                    "obj_reps", HostTensor.ofFloats(new long[] {2, 4, 2}, reps)));
        }
        // Lt = max(2 + 2, 1 + 2) + 3 = 7.
        assertArrayEquals(new long[] {8, 7}, out.get("ids").shape());
        assertArrayEquals(new long[] {
            1, 5, 6, 2, 8, 9, 2,
            1, 5, 6, 2, 10, 2, 0,
            1, 5, 6, 2, 11, 12, 2,
            1, 5, 6, 2, 13, 2, 0,
            1, 7, 2, 14, 15, 2, 0,
            1, 7, 2, 4, 2, 0, 0,
            1, 7, 2, 3, 2, 0, 0,
            1, 7, 2, 12, 2, 0, 0}, out.get("ids").toLongArray());
        assertArrayEquals(new long[] {
            0, 0, 0, 0, 1, 1, 1,
            0, 0, 0, 0, 1, 1, 0,
            0, 0, 0, 0, 1, 1, 1,
            0, 0, 0, 0, 1, 1, 0,
            0, 0, 0, 1, 1, 1, 0,
            0, 0, 0, 1, 1, 0, 0,
            0, 0, 0, 1, 1, 0, 0,
            0, 0, 0, 1, 1, 0, 0}, out.get("types").toLongArray());
        long[] tags = {
            0, 0, 2, 0, 1, 0, 0,
            0, 0, 2, 0, 0, 0, 0,
            0, 0, 2, 0, 3, 0, 0,
            0, 0, 2, 0, 2, 0, 0,
            0, 1, 0, 0, 1, 0, 0,
            0, 1, 0, 2, 0, 0, 0,
            0, 1, 0, 0, 0, 0, 0,
            0, 1, 0, 3, 0, 0, 0};
        assertArrayEquals(tags, out.get("tags").toLongArray());
        assertArrayEquals(new long[] {
            1, 1, 1, 1, 1, 1, 1,
            1, 1, 1, 1, 1, 1, 0,
            1, 1, 1, 1, 1, 1, 1,
            1, 1, 1, 1, 1, 1, 0,
            1, 1, 1, 1, 1, 1, 0,
            1, 1, 1, 1, 1, 0, 0,
            1, 1, 1, 1, 1, 0, 0,
            1, 1, 1, 1, 1, 0, 0}, out.get("mask").toLongArray());
        float[] visual = out.get("visual").toFloatArray();
        for (int row = 0; row < 8; row++) {
            int sample = row / 4;
            for (int k = 0; k < 7; k++) {
                float expected = 10 * sample + tags[row * 7 + k];
                assertArrayEquals(new float[] {expected, 100 - expected},
                        new float[] {visual[(row * 7 + k) * 2], visual[(row * 7 + k) * 2 + 1]}, "row " + row + " k " + k);
            }
        }
    }

    @Test
    void negativeTagsUseTheWholeImageBox() {
        GraphBuilder b = new GraphBuilder();
        Value reps = b.input("reps", DType.FLOAT, "rows", "num_objects", 1);
        Value tags = b.input("tags", DType.INT64, "rows", "text_len");
        b.output("visual", VcrModel.textVisualEmbeddings(b, reps, tags));
        try (OrtRunner ort = new OrtRunner(new OnnxEmitter(b.graph()).emit(), 1)) {
            HostTensor out = ort.run(Map.of("reps", HostTensor.ofFloats(new long[] {1, 3, 1}, 7, 8, 9),
                    "tags", HostTensor.ofLongs(new long[] {1, 4}, -1, 2, -2, 1))).get("visual");
            assertArrayEquals(new float[] {7, 9, 7, 8}, out.toFloatArray());
        }
    }
}
