package org.vlbert.graphs.model.vlbert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Param;
import org.vlbert.graphs.model.Dropout;
import org.vlbert.graphs.model.TaskGraph;
import org.vlbert.graphs.model.visual.ResNetSpec;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.graphs.testutil.GradCheck;
import org.vlbert.graphs.testutil.TaskGraphTrainCheck;
import org.vlbert.graphs.testutil.VisualTestWeights;

/**
 * VCR and RefCOCO+ on pixels (IMAGE_FEAT_PRECOMPUTED = false): the batch inputs, a training
 * step with dropout through the whole model into the ResNet, and finite differences of the
 * RoI-head and backbone weights. One Bottleneck per stage (same code paths and widths as
 * ResNet-101: region features stay 2048-d) keeps it fast.
 */
class PixelTaskModelsTest {
    static final ResNetSpec SHALLOW = new ResNetSpec(new int[] {1, 1, 1}, 1, 64, true, true, Set.of(1, 2));

    private static Map<String, HostTensor> visualWeights(TaskGraph model, long seed) {
        GraphBuilder b = new GraphBuilder();
        model.build(b, Dropout.none(), true);
        List<Param> visual = b.graph().params().values().stream()
                .filter(p -> p.name().contains(".backbone.") || p.name().contains(".roi_head_feature_extractor.")).toList();
        return VisualTestWeights.random(visual, seed);
    }

    private static HostTensor images(long seed) {
        return GradCheck.random(seed, 60f, 2, 3, 64, 64);
    }

    @Test
    void vcrTakesImagesAndInstanceMasksInsteadOfFeatures() {
        TaskGraph model = new VcrModel(VcrModelTest.TINY, 8, VcrModel.Options.shipped(), SHALLOW);
        GraphBuilder b = new GraphBuilder();
        model.build(b, Dropout.none(), false);
        List<String> inputs = b.graph().inputs().stream().map(v -> v.name()).toList();
        assertEquals(List.of("boxes", "image", "masks", "question", "answer_choices", "im_info"), inputs);

        Map<String, HostTensor> in = new HashMap<>(VcrModelTest.inputs());
        in.remove("box_features");
        in.put("image", images(3));
        HostTensor masks = HostTensor.allocate(DType.FLOAT, 2, 5, 14, 14);
        Random rnd = new Random(4);
        for (int i = 0; i < masks.numel(); i++) {
            masks.floatView().put(i, rnd.nextFloat() < 0.7f ? 1f : 0f);
        }
        in.put("masks", masks);
        TaskGraphTrainCheck.Outcome out = new TaskGraphTrainCheck(model, in, 5)
                .params(visualWeights(model, 6))
                .tolerance(1e-3, 1e-3, 3e-2)
                .fd("image_feature_extractor.roi_head_feature_extractor.0.conv2.weight", 2)
                .fd("image_feature_extractor.backbone.layer3.0.conv1.weight", 1)
                .run();
        assertArrayEquals(new long[] {2, 4}, out.outputs().get("label_logits").shape());
        assertArrayEquals(new long[] {2, 4, SHALLOW.regionFeatureDim()}, out.evalOutputs().get("inter.obj_reps_raw").shape());
        assertTrue(out.unusedParams().isEmpty(), "unused: " + out.unusedParams());
        assertTrue(out.gradients().containsKey("image_feature_extractor.backbone.layer2.0.conv1.weight"));
        assertFalse(out.gradients().containsKey("image_feature_extractor.backbone.layer1.0.conv1.weight"));
        assertFalse(out.gradients().containsKey("image_feature_extractor.backbone.layer2.0.bn1.weight"));
    }

    /** The pretraining test batch with 4-column boxes inside a 64×64 image and the image itself. */
    private static Map<String, HostTensor> pretrainPixels() {
        Map<String, HostTensor> in = new LinkedHashMap<>(PretrainModelTest.batch());
        HostTensor wide = in.get("boxes");
        long n = wide.dim(1);
        float[] src = wide.toFloatArray();
        float[] coords = new float[(int) (2 * n * 4)];
        for (int r = 0; r < 2 * n; r++) {
            for (int c = 0; c < 4; c++) {
                float v = src[r * (4 + 2048) + c];
                coords[r * 4 + c] = v < 0 ? v : Math.min(v, 63f);
            }
        }
        in.put("boxes", HostTensor.ofFloats(new long[] {2, n, 4}, coords));
        in.put("im_info", HostTensor.ofFloats(new long[] {2, 5}, 64, 64, 1, 1, 0, 64, 64, 1, 1, 1));
        in.put("image", images(11));
        return in;
    }

    @Test
    void pretrainingTakesImagesAndMasksRawPixelsWithoutAMaskEmbedding() {
        PretrainModel precomputed = new PretrainModel(PretrainModelTest.DIMS, 8, 5, false, true,
                PretrainLosses.Normalization.MEAN_OVER_TARGETS, PretrainLosses.Normalization.MEAN_OVER_TARGETS);
        TaskGraph model = precomputed.fromPixels(SHALLOW, true);
        GraphBuilder b = new GraphBuilder();
        model.build(b, Dropout.none(), true);
        assertEquals(List.of("image", "boxes", "im_info", "text", "mlm_labels", "mvrc_ops", "mvrc_labels", "aux_text",
                "aux_mlm_labels"), b.graph().inputs().stream().map(v -> v.name()).toList());
        List<String> names = List.copyOf(b.graph().params().keySet());
        assertFalse(names.contains("object_mask_visual_embedding.weight"), "pixels are masked in the image instead");
        assertTrue(names.get(0).startsWith("image_feature_extractor.backbone."), names.get(0));
        assertTrue(names.indexOf("image_feature_extractor.obj_downsample.1.weight")
                > names.indexOf("image_feature_extractor.roi_head_feature_extractor.0.conv1.weight"));

        TaskGraphTrainCheck.Outcome out = new TaskGraphTrainCheck(model, pretrainPixels(), 12)
                .params(visualWeights(model, 13))
                .tolerance(1e-3, 1e-3, 3e-2)
                .fd("image_feature_extractor.roi_head_feature_extractor.0.conv2.weight", 1)
                .fd("image_feature_extractor.backbone.layer3.0.conv1.weight", 1)
                .run();
        assertArrayEquals(new long[] {2, 4, 5}, out.outputs().get("mvrc_logits").shape());
        assertArrayEquals(new long[] {2, 3, SHALLOW.regionFeatureDim()},
                out.evalOutputs().get("inter.obj_reps_raw").shape());
        assertTrue(out.unusedParams().isEmpty(), "unused: " + out.unusedParams());
        assertTrue(out.gradients().containsKey("image_feature_extractor.backbone.layer2.0.conv1.weight"));
        assertFalse(out.gradients().containsKey("image_feature_extractor.backbone.layer1.0.conv1.weight"));
        assertFalse(out.gradients().containsKey("image_feature_extractor.backbone.layer3.0.bn1.weight"));
    }

    @Test
    void pretrainingWithoutRawPixelMaskingReplacesMaskedRoiFeatures() {
        PretrainModel base = new PretrainModel(PretrainModelTest.DIMS, 8, 5, false, true,
                PretrainLosses.Normalization.MEAN_OVER_TARGETS, PretrainLosses.Normalization.MEAN_OVER_TARGETS);
        TaskGraph model = base.fromPixels(SHALLOW, false);
        TaskGraphTrainCheck.Outcome out = new TaskGraphTrainCheck(model, pretrainPixels(), 14)
                .params(visualWeights(model, 15))
                .tolerance(1e-3, 1e-3, 3e-2)
                .fd("object_mask_visual_embedding.weight", 2)
                .run();
        assertTrue(out.unusedParams().isEmpty(), "unused: " + out.unusedParams());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> base.captionsOnly().fromPixels(SHALLOW, false));
        assertTrue(e.getMessage().contains("MASK_RAW_PIXELS=false needs the multitask module"), e.getMessage());
    }

    @Test
    void refcocoTakesImagesAndFourColumnBoxes() {
        TaskGraph model = new RefcocoModel(RefcocoModelTest.TINY, 8, 0.1f, SHALLOW);
        Map<String, HostTensor> in = new LinkedHashMap<>(RefcocoModelTest.inputs());
        HostTensor wide = in.get("boxes");
        long n = wide.dim(1);
        float[] src = wide.toFloatArray();
        float[] coords = new float[(int) (2 * n * 4)];
        for (int r = 0; r < 2 * n; r++) {
            System.arraycopy(src, r * (4 + 2048), coords, r * 4, 4);
        }
        in.put("boxes", HostTensor.ofFloats(new long[] {2, n, 4}, coords));
        in.put("image", images(7));
        TaskGraphTrainCheck.Outcome out = new TaskGraphTrainCheck(model, in, 8)
                .params(visualWeights(model, 9))
                .tolerance(1e-3, 1e-3, 3e-2)
                .fd("image_feature_extractor.roi_head_feature_extractor.0.conv3.weight", 1)
                .fd("image_feature_extractor.backbone.layer2.0.downsample.0.weight", 1)
                .run();
        assertArrayEquals(new long[] {2, n}, out.outputs().get("label_logits").shape());
        assertTrue(out.unusedParams().isEmpty(), "unused: " + out.unusedParams());
    }
}
