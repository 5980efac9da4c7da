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
