package org.vlbert.graphs.model.vlbert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.model.Dropout;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.graphs.testutil.TaskGraphTrainCheck;

class RefcocoModelTest {
    /** hidden 8, 1 layer, 2 heads, vocab 16 with [CLS]=1, [SEP]=2, [MASK]=3; no pooler. */
    static final VlBertDims TINY = new VlBertDims(16, 8, 8, 1, 2, 16, 0.1f, 0.1f, 64, 3, 0.02, true, 0, 0, false, -1,
            1, 2, 3);
    private static final int SLOTS = 5;
    private static final int COLS = 4 + 2048;

    @Test
    void parameterNamesFollowTheReferenceStateDictOrder() {
        GraphBuilder b = new GraphBuilder();
        new RefcocoModel(TINY, 8, 0f).build(b, Dropout.none(), true);
        List<String> names = new ArrayList<>(b.graph().params().keySet());
        assertEquals(List.of("image_feature_extractor.obj_downsample.1.weight",
                "image_feature_extractor.obj_downsample.1.bias", "object_linguistic_embeddings.weight",
                "vlbert.word_embeddings.weight"), names.subList(0, 4));
        assertEquals(List.of("vlbert.encoder.layer.0.output.LayerNorm.bias", "final_mlp.0.dense.weight",
                "final_mlp.0.dense.bias", "final_mlp.2.weight", "final_mlp.2.bias"),
                names.subList(names.size() - 5, names.size()));
        assertEquals(3 + 10 + 16 + 4, names.size());
    }

    @Test
    void trainGraphRunsWithDropoutAndMatchesFiniteDifferences() {
        Map<String, HostTensor> in = inputs();
        TaskGraphTrainCheck.Outcome out = new TaskGraphTrainCheck(new RefcocoModel(TINY, 8, 0.1f), in, 11)
                .fd("final_mlp.2.weight", 3)
                .fd("final_mlp.0.dense.bias", 3)
                .fd("vlbert.encoder.layer.0.intermediate.dense.weight", 3)
                .fd("vlbert.visual_ln_object.bias", 3)
                .fd("object_linguistic_embeddings.weight", 3)
                .fd("image_feature_extractor.obj_downsample.1.weight", 3)
                .run();
        assertTrue(out.unusedParams().isEmpty(), "unused: " + out.unusedParams());
        assertEquals(out.loss(), out.lossTerms().get("cls_loss").toFloatArray()[0]);
        assertTrue(out.sites().stream().anyMatch(s -> s.inputName().equals("dropout.final_mlp.1")));
        assertArrayEquals(new long[] {2, SLOTS}, out.outputs().get("label_logits").shape());
        assertArrayEquals(new long[] {2, 4}, out.outputs().get("pred_boxes").shape());

        Map<String, HostTensor> eval = out.evalOutputs();
        float[] logits = eval.get("label_logits").toFloatArray();
        // Slot 4 is beyond the fullest sample's 4 boxes; slot 3 of sample 0 is a padded box inside
        // the trimmed range, whose logit is the head applied to a zero hidden state.
        assertEquals(RefcocoModel.PADDED_LOGIT, logits[4]);
        assertEquals(RefcocoModel.PADDED_LOGIT, logits[SLOTS + 4]);
        assertEquals(headOfZero(out.params()), logits[3], 1e-5f);

        float[] boxes = in.get("boxes").toFloatArray();
        float[] imInfo = in.get("im_info").toFloatArray();
        float[] pred = eval.get("pred_boxes").toFloatArray();
        for (int s = 0; s < 2; s++) {
            int best = 0;
            for (int n = 1; n < SLOTS; n++) {
                if (logits[s * SLOTS + n] > logits[s * SLOTS + best]) {
                    best = n;
                }
            }
            for (int c = 0; c < 4; c++) {
                float scale = imInfo[s * 4 + 2 + (c % 2)];
                assertEquals(boxes[(s * SLOTS + best) * COLS + c] / scale, pred[s * 4 + c], 1e-4f);
            }
        }
    }

    /** final_mlp on a zero state: w2 . gelu(b0) + b2. */
    private static float headOfZero(Map<String, HostTensor> p) {
        float[] b0 = p.get("final_mlp.0.dense.bias").toFloatArray();
        float[] w2 = p.get("final_mlp.2.weight").toFloatArray();
        double acc = p.get("final_mlp.2.bias").toFloatArray()[0];
        for (int i = 0; i < b0.length; i++) {
            acc += w2[i] * 0.5 * b0[i] * (1 + erf(b0[i] / Math.sqrt(2)));
        }
        return (float) acc;
    }

    /** Abramowitz-Stegun 7.1.26 (|error| < 1.5e-7). */
    private static double erf(double x) {
        double t = 1 / (1 + 0.3275911 * Math.abs(x));
        double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592)
                * t * Math.exp(-x * x);
        return Math.signum(x) * y;
    }

    /** Sample 0: 3 real boxes, sample 1: 4 (slot 4 is padding for both); labels 0/1, -1 padding. */
    static Map<String, HostTensor> inputs() {
        float[] boxes = new float[2 * SLOTS * COLS];
        java.util.Arrays.fill(boxes, -2f);
        float[][][] coords = {
            {{0, 0, 63, 47}, {5, 6, 30, 40}, {20, 10, 60, 45}},
            {{0, 0, 47, 63}, {1, 2, 20, 30}, {10, 12, 40, 50}, {3, 4, 9, 8}}};
        Random rnd = new Random(4);
        for (int s = 0; s < 2; s++) {
            for (int n = 0; n < coords[s].length; n++) {
                int row = (s * SLOTS + n) * COLS;
                System.arraycopy(coords[s][n], 0, boxes, row, 4);
                for (int f = 0; f < 2048; f++) {
                    boxes[row + 4 + f] = rnd.nextFloat();
                }
            }
        }
        return Map.of(
                "boxes", HostTensor.ofFloats(new long[] {2, SLOTS, COLS}, boxes),
                "im_info", HostTensor.ofFloats(new long[] {2, 4}, 64, 48, 1.5f, 2f, 48, 64, 0.5f, 0.25f),
                "expression", HostTensor.ofLongs(new long[] {2, 4}, 5, 6, 7, 0, 8, 9, 10, 11),
                "label", HostTensor.ofFloats(new long[] {2, SLOTS}, 0, 1, 0, -1, -1, 0, 0, 1, 1, -1));
    }
}
