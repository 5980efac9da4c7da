package org.vlbert.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.vlbert.config.ConfigLoader;
import org.vlbert.config.VlbertConfig;
import org.vlbert.data.image.ImageTransform;
import org.vlbert.data.image.PreparedImage;
import org.vlbert.data.image.RgbImage;
import org.vlbert.features.RegionFeatureGraph;
import org.vlbert.graphs.compile.CompiledTask;
import org.vlbert.graphs.compile.TaskCompiler;
import org.vlbert.graphs.ir.Param;
import org.vlbert.graphs.model.TaskGraph;
import org.vlbert.graphs.model.vlbert.VcrModel;
import org.vlbert.graphs.model.visual.ResNetSpec;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.io.ImportResult;
import org.vlbert.io.VisualWeightImporter;
import org.vlbert.runtime.OrtSessions;
import org.vlbert.runtime.TaskRunner;
import org.vlbert.runtime.TensorSlab;
import org.vlbert.testutil.RepoRoot;
import org.vlbert.train.ParameterUpdater;
import org.vlbert.train.TrainSettings;

/**
 * A tiny end-to-end VCR run on a generated image: the demo VCR config switched to the pixel path
 * (IMAGE_FEAT_PRECOMPUTED=false, the full ResNet-101 of the shipped configs, SCALES 64), the
 * ResNet initialised from a reference-layout ResNet state dict (layer4 → RoI head), then SGD
 * steps through ONNX Runtime: the loss falls, gradients reach layer2, and the frozen stages
 * (conv1, layer1, every BatchNorm) neither get gradients nor change.
 */
class VcrEndToEndRunTest {
    private static final String BACKBONE = "image_feature_extractor.backbone.";
    private static final String HEAD = "image_feature_extractor.roi_head_feature_extractor.";

    private static VlbertConfig config() {
        return ConfigLoader.load(RepoRoot.cfgs().resolve("vcr/demo_tiny.yaml"), null, List.of(
                "NETWORK.IMAGE_FEAT_PRECOMPUTED=false", "NETWORK.IMAGE_NUM_LAYERS=101", "NETWORK.IMAGE_C5_DILATED=true",
                "NETWORK.IMAGE_STRIDE_IN_1x1=true", "SCALES=[64,64]"));
    }

    /** The reference's pretrained-ResNet layout: conv1/bn1/layer1..3 plus layer4 (and fc, unused). */
    private static Map<String, HostTensor> resnetFile(Map<String, long[]> visual) {
        SplittableRandom rnd = new SplittableRandom(5);
        Map<String, HostTensor> sd = new LinkedHashMap<>();
        visual.forEach((name, shape) -> {
            HostTensor t = HostTensor.allocate(DType.FLOAT, shape);
            var fb = t.floatView();
            double scale = shape.length == 4 ? Math.sqrt(6.0 / (shape[1] * shape[2] * shape[3])) : 0;
            boolean one = name.endsWith("running_var") || (shape.length == 1 && name.endsWith(".weight"));
            for (int i = 0; i < fb.capacity(); i++) {
                fb.put(i, one ? 1f : (float) ((rnd.nextDouble() * 2 - 1) * scale));
            }
            String key = name.startsWith(BACKBONE) ? name.substring(BACKBONE.length())
                    : "layer4." + name.substring(HEAD.length());
            sd.put(key, t);
        });
        sd.put("fc.weight", HostTensor.allocate(DType.FLOAT, 1000, 2048));
        return sd;
    }

    private static Map<String, HostTensor> batch(ImageTransform transform) {
        // A blue image with a red square and a green bar.
        byte[] rgb = new byte[64 * 64 * 3];
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                int o = (y * 64 + x) * 3;
                boolean square = x >= 8 && x < 30 && y >= 8 && y < 30;
                boolean bar = x >= 35 && x < 60 && y >= 20 && y < 50;
                rgb[o] = (byte) (square ? 220 : 20);
                rgb[o + 1] = (byte) (bar ? 200 : 30);
                rgb[o + 2] = (byte) (square || bar ? 10 : 180);
            }
        }
        PreparedImage img = transform.apply(new RgbImage(64, 64, rgb), false);
        Map<String, HostTensor> b = new LinkedHashMap<>();
        b.put("image", HostTensor.ofFloats(new long[] {1, 3, img.height(), img.width()}, img.chw()));
        b.put("boxes", HostTensor.ofFloats(new long[] {1, 4, 6},
                0, 0, 63, 63, 1, 0, 8, 8, 29, 29, 0.9f, 1, 35, 20, 59, 49, 0.8f, 2, -1, -1, -1, -1, -1, -1));
        HostTensor masks = HostTensor.allocate(DType.FLOAT, 1, 4, 14, 14);
        for (int i = 0; i < 3 * 196; i++) {
            masks.floatView().put(i, i % 196 < 150 ? 1f : 0f);
        }
        b.put("masks", masks);
        b.put("question", HostTensor.ofLongs(new long[] {1, 3, 3}, 5, 1, 0, 6, 2, 1, 7, 0, 2));
        b.put("answer_choices", HostTensor.ofLongs(new long[] {1, 4, 2, 3},
                8, 1, 0, 9, 0, 1, 10, 2, 0, 11, 0, 1, 12, 0, 0, -2, -2, -2, 13, 1, 0, 14, 2, 1));
        b.put("im_info", HostTensor.ofFloats(new long[] {1, 5}, img.imInfo()[0], img.imInfo()[1], img.imInfo()[2],
                img.imInfo()[3], 0));
        b.put("answer_label", HostTensor.ofLongs(new long[] {1}, 2));
        return b;
    }

    private static TrainSettings sgd() {
        return new TrainSettings(0, 1, "SGD", 2e-2, 0.9, 0.0, "step", false, "linear", 0, 0, new double[0], 0.1, 10.0,
                1, 1, 1, List.of(), false, "dynamic", 1, 0, false, false, 100, 7, "e2e");
    }

    @Test
    void trainsVcrFromPixels() {
        VlbertConfig cfg = config();
        TaskGraph model = ModelFactory.create(cfg, new SpecialTokens(1, 2, 3));
        assertTrue(model instanceof VcrModel);
        CompiledTask task = new TaskCompiler().compile(model);
        assertTrue(task.batchInputs().stream().anyMatch(i -> i.name().equals("image")));
        assertTrue(task.batchInputs().stream().anyMatch(i -> i.name().equals("masks")));

        Map<String, long[]> visual = RegionFeatureGraph.parameters(VisualSettings.spec(cfg));
        ImportResult imported = VisualWeightImporter.fromResNet(resnetFile(visual), task.paramShapes());
        imported.requireNoMismatches();
        assertEquals(visual.size(), imported.loaded().size());

        Set<String> trainable = task.params().stream().filter(Param::trainable).map(Param::name)
                .collect(Collectors.toSet());
        try (TensorSlab params = new TensorSlab(task.paramShapes()); TensorSlab grads = params.sameLayout();
             TaskRunner runner = new TaskRunner(task, params, grads, OrtSessions.Settings.cpu(2))) {
            SplittableRandom rnd = new SplittableRandom(9);
            for (String name : params.slots().keySet()) {
                var f = params.floats(name);
                boolean gain = name.endsWith("LayerNorm.weight") || name.contains("visual_ln");
                for (int i = 0; i < f.capacity(); i++) {
                    f.put(i, gain ? 1f : (float) ((rnd.nextDouble() - 0.5) * 0.04));
                }
            }
            imported.tensors().forEach(params::set);
            float[] conv1Before = params.view(BACKBONE + "conv1.weight").toFloatArray();
            float[] layer3Before = params.view(BACKBONE + "layer3.5.conv2.weight").toFloatArray();

            ParameterUpdater updater = new ParameterUpdater(sgd(), params, grads, trainable, 1);
            Map<String, HostTensor> batch = batch(VisualSettings.transform(cfg));
            List<Float> losses = new ArrayList<>();
            for (int step = 0; step < 4; step++) {
                grads.zero();
                TaskRunner.StepOutput out = runner.trainStep(batch, 11, step);
                assertTrue(Float.isFinite(out.loss()), "loss " + out.loss());
                losses.add(out.loss());
                if (step == 0) {
                    assertFalse(allZero(grads.view(BACKBONE + "layer2.0.conv1.weight").toFloatArray()),
                            "the first trainable stage gets a gradient");
                    assertFalse(allZero(grads.view(HEAD + "2.conv3.weight").toFloatArray()));
                    assertTrue(allZero(grads.view(BACKBONE + "layer1.0.conv2.weight").toFloatArray()), "stage 2 frozen");
                    assertTrue(allZero(grads.view(BACKBONE + "layer3.0.bn1.weight").toFloatArray()), "BN frozen");
                }
                updater.update();
            }
            for (int i = 1; i < losses.size(); i++) {
                assertTrue(losses.get(i) < losses.get(i - 1), "loss should fall on the repeated batch: " + losses);
            }
            assertArrayEquals(conv1Before, params.view(BACKBONE + "conv1.weight").toFloatArray(), "stage 1 frozen");
            assertFalse(java.util.Arrays.equals(layer3Before,
                    params.view(BACKBONE + "layer3.5.conv2.weight").toFloatArray()), "layer3 trains");
        }
    }

    private static boolean allZero(float[] v) {
        for (float x : v) {
            if (x != 0f) {
                return false;
            }
        }
        return true;
    }

    @Test
    void shippedEndToEndConfigsBuildResNet101() {
        VlbertConfig refcoco = ConfigLoader.load(org.vlbert.testutil.SharedFixtures.referenceCfgs()
                .resolve("refcoco/base_gt_boxes_4x16G.yaml"));
        assertEquals(ResNetSpec.reference(), VisualSettings.spec(refcoco));
        org.vlbert.graphs.GraphBuilder b = new org.vlbert.graphs.GraphBuilder();
        ModelFactory.create(refcoco, SpecialTokens.BERT).build(b, org.vlbert.graphs.model.Dropout.none(), false);
        Map<String, long[]> inputs = new LinkedHashMap<>();
        b.graph().inputs().forEach(v -> inputs.put(v.name(), v.shape().dims().stream()
                .mapToLong(d -> d.isFixed() ? d.size() : -1).toArray()));
        assertArrayEquals(new long[] {-1, 3, -1, -1}, inputs.get("image"));
        assertArrayEquals(new long[] {-1, -1, 4}, inputs.get("boxes"));
        assertEquals(520, b.graph().params().keySet().stream()
                .filter(n -> n.startsWith(BACKBONE) || n.startsWith(HEAD)).count());
        assertEquals(ImageTransform.reference(600, 1000).apply(new RgbImage(3, 2, new byte[18]), false).width(),
                VisualSettings.transform(refcoco).apply(new RgbImage(3, 2, new byte[18]), false).width());
    }
}
