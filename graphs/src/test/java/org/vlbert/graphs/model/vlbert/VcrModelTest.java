package org.vlbert.graphs.model.vlbert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.model.Dropout;
import org.vlbert.graphs.model.TaskGraph;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.graphs.testutil.TaskGraphTrainCheck;

class VcrModelTest {
    /** hidden 8, 1 layer, 2 heads, vocab 16 with [CLS]=1, [SEP]=2, [MASK]=3; pooler on. */
    static final VlBertDims TINY = new VlBertDims(16, 8, 8, 1, 2, 16, 0.1f, 0.1f, 64, 3, 0.02, true, 0, 0, true, -1,
            1, 2, 3);

    @Test
    void parameterNamesFollowTheReferenceStateDictOrder() {
        GraphBuilder b = new GraphBuilder();
        new VcrModel(TINY, 8, VcrModel.Options.shipped()).build(b, Dropout.none(), true);
        List<String> names = new ArrayList<>(b.graph().params().keySet());
        assertEquals(List.of("image_feature_extractor.obj_downsample.1.weight",
                "image_feature_extractor.obj_downsample.1.bias", "object_linguistic_embeddings.weight",
                "cnn_loss_reg.0.dense.weight", "cnn_loss_reg.0.dense.bias", "cnn_loss_reg.2.weight",
                "cnn_loss_reg.2.bias", "vlbert._module.word_embeddings.weight"), names.subList(0, 8));
        assertEquals(List.of("vlbert._module.pooler.dense.weight", "vlbert._module.pooler.dense.bias",
                "final_mlp.1.weight", "final_mlp.1.bias"), names.subList(names.size() - 4, names.size()));
        assertEquals(37, names.size());
    }

    @Test
    void trainGraphRunsWithDropoutAndMatchesFiniteDifferences() {
        TaskGraphTrainCheck.Outcome out = new TaskGraphTrainCheck(
                new VcrModel(TINY, 8, VcrModel.Options.shipped()), inputs(), 5)
                .fd("final_mlp.1.weight", 3)
                .fd("cnn_loss_reg.2.bias", 3)
                .fd("cnn_loss_reg.0.dense.weight", 3)
                .fd("vlbert._module.pooler.dense.weight", 3)
                .fd("vlbert._module.encoder.layer.0.attention.self.key.weight", 3)
                .fd("vlbert._module.visual_ln_text.weight", 3)
                .fd("image_feature_extractor.obj_downsample.1.bias", 3)
                .run();
        assertArrayEquals(new long[] {2, 4}, out.outputs().get("label_logits").shape());
        assertEquals(0.25f, out.lossTerms().get("positive_fraction").toFloatArray()[0]);
        float ans = out.lossTerms().get("ans_loss").toFloatArray()[0];
        float reg = out.lossTerms().get("cnn_regularization_loss").toFloatArray()[0];
        assertEquals(ans + reg, out.loss(), 1e-5f);
        assertTrue(out.unusedParams().isEmpty(), "unused: " + out.unusedParams());
        // Dropout sites: obj_downsample input, embedding, 2 per layer + attention probs, classifier.
        assertTrue(out.sites().stream().anyMatch(s -> s.inputName().equals("dropout.final_mlp.0")));
        assertTrue(out.sites().stream().anyMatch(s -> s.inputName().equals(
                "dropout.vlbert._module.encoder.layer.0.attention.self.dropout")));
        // 5 padded box slots trimmed to the 4 of the fullest sample, choices folded: B' = 8.
        assertArrayEquals(new long[] {2, 4, 8}, out.evalOutputs().get("inter.obj_reps").shape());
        assertArrayEquals(new long[] {8, 4}, out.evalOutputs().get("inter.vlbert_in_object_mask").shape());
        assertArrayEquals(new long[] {8, 8}, out.evalOutputs().get("inter.pooled_output").shape());
        float[] objMask = out.evalOutputs().get("inter.vlbert_in_object_mask").toFloatArrayConverted();
        assertArrayEquals(new float[] {1, 1, 1, 0}, java.util.Arrays.copyOfRange(objMask, 12, 16));
        assertArrayEquals(new float[] {1, 1, 1, 1}, java.util.Arrays.copyOfRange(objMask, 16, 20));
    }

    @Test
    void twoFcSoftmaxVariantWithPerClassObjectEmbedding() {
        var options = new VcrModel.Options(VqaModel.Classifier.TWO_FC, 0.1f, 6, false, 1f, 1f, false, true, 0f, 1f, 1);
        TaskGraphTrainCheck.Outcome out = new TaskGraphTrainCheck(new VcrModel(TINY, 8, options), inputs(), 9)
                .fd("final_mlp.4.weight", 2)
                .fd("object_linguistic_embeddings.weight", 4)
                .run();
        assertEquals(Set.of("ans_loss"), out.lossTerms().keySet());
        assertEquals(out.loss(), out.lossTerms().get("ans_loss").toFloatArray()[0]);
        assertArrayEquals(new long[] {81, 8}, out.params().get("object_linguistic_embeddings.weight").shape());
    }

    @Test
    void unsupportedOptionsAreRejectedWithTheConfigKey() {
        var e = assertThrows(IllegalArgumentException.class, () ->
                new VcrModel.Options(VqaModel.Classifier.ONE_FC, 0.1f, 1024, true, 1f, 1f, true, true, 0f, 1f, 3));
        assertTrue(e.getMessage().contains("object_word_embed_mode"));
        e = assertThrows(IllegalArgumentException.class, () ->
                new VcrModel.Options(VqaModel.Classifier.ONE_FC, 0.1f, 1024, true, 1f, 1f, true, false, 0f, 1f, 2));
        assertTrue(e.getMessage().contains("CNN_LOSS_TOP"));
        VlBertDims noPooler = new VlBertDims(16, 8, 8, 1, 2, 16, 0.1f, 0.1f, 64, 3, 0.02, true, 0, 0, false, -1,
                1, 2, 3);
        e = assertThrows(IllegalArgumentException.class, () -> new VcrModel(noPooler, 8, VcrModel.Options.shipped()));
        assertTrue(e.getMessage().contains("with_pooler"));
    }

    @Test
    void taskName() {
        TaskGraph m = new VcrModel(TINY, 8, VcrModel.Options.shipped());
        assertEquals("vcr", m.task());
    }

    /**
     * Two samples, 5 box slots: sample 0 has 3 real boxes, sample 1 has 4 (so one slot is trimmed);
     * question/answer tokens tagged with objects, padded with -2; labels 1 and 3.
     */
    static Map<String, HostTensor> inputs() {
        float p = -1;
        HostTensor boxes = HostTensor.ofFloats(new long[] {2, 5, 6},
                0, 0, 63, 47, 1, 0, 5, 6, 30, 40, 0.9f, 1, 20, 10, 60, 45, 0.8f, 17, p, p, p, p, p, p, p, p, p, p, p, p,
                0, 0, 47, 63, 1, 0, 1, 2, 20, 30, 0.7f, 1, 10, 12, 40, 50, 0.6f, 3, 3, 4, 9, 8, 0.5f, 80, p, p, p, p, p, p);
        HostTensor features = HostTensor.allocate(DType.FLOAT, 2, 5, 2048);
        Random rnd = new Random(3);
        int[] real = {3, 4};
        for (int s = 0; s < 2; s++) {
            for (int n = 0; n < real[s]; n++) {
                for (int f = 0; f < 2048; f++) {
                    features.floatView().put((s * 5 + n) * 2048 + f, rnd.nextFloat());
                }
            }
        }
        long q = -2;
        HostTensor question = HostTensor.ofLongs(new long[] {2, 4, 3},
                5, 0, 0, 6, 1, 1, 7, 0, 2, q, q, q,
                8, 2, 0, 9, 0, 1, 10, 3, 2, 11, 0, 3);
        HostTensor answers = HostTensor.ofLongs(new long[] {2, 4, 3, 3},
                12, 1, 0, 13, 0, 1, q, q, q,
                14, 2, 0, q, q, q, q, q, q,
                15, 0, 0, 4, 2, 1, 5, 1, 2,
                6, 0, 0, 7, 0, 1, q, q, q,
                8, 3, 0, 9, 0, 1, 10, 3, 2,
                11, 0, 0, q, q, q, q, q, q,
                12, 1, 0, 13, 2, 1, q, q, q,
                14, 0, 0, q, q, q, q, q, q);
        HostTensor imInfo = HostTensor.ofFloats(new long[] {2, 5}, 64, 48, 1, 1, 0, 48, 64, 1, 1, 1);
        HostTensor label = HostTensor.ofLongs(new long[] {2}, 1, 3);
        return Map.of("boxes", boxes, "box_features", features, "question", question, "answer_choices", answers,
                "im_info", imInfo, "answer_label", label);
    }
}
