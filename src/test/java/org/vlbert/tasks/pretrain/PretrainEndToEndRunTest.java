package org.vlbert.tasks.pretrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.config.ConfigLoader;
import org.vlbert.config.VlbertConfig;
import org.vlbert.data.demo.DemoData;
import org.vlbert.data.regions.Region;
import org.vlbert.data.regions.RegionFeatures;
import org.vlbert.graphs.compile.CompiledTask;
import org.vlbert.graphs.compile.TaskCompiler;
import org.vlbert.graphs.ir.Param;
import org.vlbert.graphs.model.TaskGraph;
import org.vlbert.graphs.model.vlbert.PretrainModel;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.runtime.OrtSessions;
import org.vlbert.runtime.TaskRunner;
import org.vlbert.runtime.TensorSlab;
import org.vlbert.tasks.ModelFactory;
import org.vlbert.tasks.ModelInitializer;
import org.vlbert.tasks.TaskData;
import org.vlbert.tasks.TaskDataFactory;
import org.vlbert.testutil.RepoRoot;
import org.vlbert.train.BatchStream;
import org.vlbert.train.ParameterUpdater;
import org.vlbert.train.TrainSettings;

/**
 * A tiny caption-only pretraining run from pixels: the demo captions with generated images in
 * {@code train_image/}, the shipped e2e visual settings (ResNet-101, dilated C5, stride in 1×1,
 * stages 1–2 and BatchNorm frozen, MASK_RAW_PIXELS) at SCALES 64, a batch from the real data
 * plug-in, then SGD steps through ONNX Runtime: the loss falls, layer2 on gets gradients and
 * trains, the frozen stages neither get gradients nor change. Parameters start from the
 * reference initialisation (no IMAGE_PRETRAINED: a random ResNet).
 */
class PretrainEndToEndRunTest {
    private static final String BACKBONE = "image_feature_extractor.backbone.";
    private static final String HEAD = "image_feature_extractor.roi_head_feature_extractor.";

    @TempDir
    static Path data;

    @BeforeAll
    static void generate() throws Exception {
        DemoData.generate(data, new DemoData.Settings(6, 2, 6, 3, 512, 4), EnumSet.of(DemoData.Task.PRETRAIN));
        writeImages(data.resolve("train_image"));
    }

    /** A JPEG per demo image, its size, with each detected box painted in a colour of its own. */
    private static void writeImages(Path dir) throws Exception {
        Files.createDirectories(dir);
        try (RegionFeatures regions = RegionFeatures.open(data.resolve("regions.arrow"))) {
            for (int i = 0; i < regions.size(); i++) {
                Region r = regions.get(i);
                BufferedImage img = new BufferedImage(r.width(), r.height(), BufferedImage.TYPE_INT_RGB);
                Graphics2D g = img.createGraphics();
                g.setColor(new Color(40, 60, 160));
                g.fillRect(0, 0, r.width(), r.height());
                for (int k = 0; k < r.numBoxes(); k++) {
                    g.setColor(Color.getHSBColor(k / 3f, 0.9f, 0.9f));
                    int x1 = (int) r.box(k, 0);
                    int y1 = (int) r.box(k, 1);
                    g.fillRect(x1, y1, (int) r.box(k, 2) - x1 + 1, (int) r.box(k, 3) - y1 + 1);
                }
                g.dispose();
                ImageIO.write(img, "jpg", dir.resolve(r.imageId() + ".jpg").toFile());
            }
        }
    }

    private static VlbertConfig config() {
        return ConfigLoader.load(RepoRoot.cfgs().resolve("pretrain/demo_tiny_captions.yaml"), null, List.of(
                "DATASET.DATASET_PATH=" + data, "NETWORK.BERT_MODEL_NAME=" + data,
                "NETWORK.IMAGE_FEAT_PRECOMPUTED=false", "NETWORK.IMAGE_NUM_LAYERS=101", "NETWORK.IMAGE_C5_DILATED=true",
                "NETWORK.IMAGE_STRIDE_IN_1x1=true", "SCALES=[64,64]", "TRAIN.BATCH_IMAGES=2"));
    }

    private static TrainSettings sgd() {
        return new TrainSettings(0, 1, "SGD", 2e-2, 0.9, 0.0, "step", false, "linear", 0, 0, new double[0], 0.1, 10.0,
                1, 1, 1, List.of(), false, "dynamic", 1, 0, false, false, 100, 7, "e2e");
    }

    @Test
    void trainsCaptionOnlyPretrainingFromPixels() {
        VlbertConfig cfg = config();
        TaskGraph model = ModelFactory.create(cfg);
        CompiledTask task = new TaskCompiler().compile(model);
        assertFalse(task.paramShapes().containsKey("object_mask_visual_embedding.weight"),
                "MASK_RAW_PIXELS: masked regions are blanked in the image, not replaced by an embedding");

        Map<String, HostTensor> batch;
        try (TaskData d = TaskDataFactory.open(cfg)) {
            BatchStream train = d.train(0, 1, 5);
            // copied: a batch's buffers belong to the loader, which recycles them once it is closed
            batch = new LinkedHashMap<>();
            for (Map.Entry<String, HostTensor> e : train.epoch(0, 0).next().entrySet()) {
                batch.put(e.getKey(), e.getValue().copy());
            }
        }
        assertEquals(List.of("image", "boxes", "im_info", "text", "relationship_label", "mlm_labels", "mvrc_ops",
                "mvrc_labels"), List.copyOf(batch.keySet()));
        long[] image = batch.get("image").shape();
        assertEquals(2, image[0]);
        assertTrue(Math.max(image[2], image[3]) <= 64 && Math.min(image[2], image[3]) > 0, Arrays.toString(image));
        assertEquals(4, batch.get("boxes").shape()[2]);

        Set<String> trainable = task.params().stream().filter(Param::trainable).map(Param::name)
                .collect(Collectors.toSet());
        List<String> log = new ArrayList<>();
        Map<String, HostTensor> init = ModelInitializer.initialize(cfg, task.params(), 3, log::add);
        try (TensorSlab params = new TensorSlab(task.paramShapes()); TensorSlab grads = params.sameLayout();
             TaskRunner runner = new TaskRunner(task, params, grads, OrtSessions.Settings.cpu(2))) {
            init.forEach(params::set);
            float[] conv1Before = params.view(BACKBONE + "conv1.weight").toFloatArray();
            float[] layer1Before = params.view(BACKBONE + "layer1.2.conv3.weight").toFloatArray();
            float[] bnBefore = params.view(BACKBONE + "layer3.0.bn1.weight").toFloatArray();
            float[] layer3Before = params.view(BACKBONE + "layer3.5.conv2.weight").toFloatArray();

            ParameterUpdater updater = new ParameterUpdater(sgd(), params, grads, trainable, 1);
            List<Float> losses = new ArrayList<>();
            for (int step = 0; step < 4; step++) {
                grads.zero();
                TaskRunner.StepOutput out = runner.trainStep(batch, 11, step);
                assertTrue(Float.isFinite(out.loss()), "loss " + out.loss());
                losses.add(out.loss());
                if (step == 0) {
                    assertArrayEquals(new long[] {2, batch.get("text").shape()[1]},
                            out.outputs().get(PretrainModel.MLM_PRED).shape());
                }
                // visual_scale_*_init 0 starts the visual LayerNorm gains at 0: the ResNet gets
                // gradients once the first update has moved them, as in the reference.
                if (step == 3) {
                    assertFalse(allZero(grads.view(BACKBONE + "layer2.0.conv1.weight").toFloatArray()),
                            "the first trainable stage gets a gradient");
                    assertFalse(allZero(grads.view(HEAD + "2.conv3.weight").toFloatArray()));
                    assertTrue(allZero(grads.view(BACKBONE + "layer1.0.conv2.weight").toFloatArray()), "stage 2 frozen");
                }
                updater.update();
            }
            assertTrue(losses.get(3) < losses.get(0), "loss should fall on the repeated batch: " + losses);
            assertArrayEquals(conv1Before, params.view(BACKBONE + "conv1.weight").toFloatArray(), "stage 1 frozen");
            assertArrayEquals(layer1Before, params.view(BACKBONE + "layer1.2.conv3.weight").toFloatArray(),
                    "stage 2 frozen");
            assertArrayEquals(bnBefore, params.view(BACKBONE + "layer3.0.bn1.weight").toFloatArray(), "BN frozen");
            assertFalse(Arrays.equals(layer3Before, params.view(BACKBONE + "layer3.5.conv2.weight").toFloatArray()),
                    "layer3 trains");
        }
    }

    @Test
    void missingImagesNameTheFileTheReferenceLayoutExpects() {
        try (TaskData d = TaskDataFactory.open(config())) {
            RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                    () -> d.val(0, 1).epoch(0, 0).next());
            String message = e.getMessage() + (e.getCause() == null ? "" : " / " + e.getCause().getMessage());
            assertTrue(message.contains(data.resolve("val_image").toString()) && message.contains(".jpg"), message);
        }
    }

    @Test
    void shippedEndToEndConfigsBuildThePixelModel() {
        VlbertConfig e2e = ConfigLoader.load(RepoRoot.cfgs().resolve("pretrain/base_e2e_16x16G_fp16.yaml"));
        org.vlbert.graphs.GraphBuilder b = new org.vlbert.graphs.GraphBuilder();
        ModelFactory.create(e2e, org.vlbert.tasks.SpecialTokens.BERT).build(b,
                org.vlbert.graphs.model.Dropout.none(), true);
        Map<String, long[]> inputs = new java.util.LinkedHashMap<>();
        b.graph().inputs().forEach(v -> inputs.put(v.name(), v.shape().dims().stream()
                .mapToLong(x -> x.isFixed() ? x.size() : -1).toArray()));
        assertEquals(List.of("image", "boxes", "im_info", "text", "mlm_labels", "mvrc_ops", "mvrc_labels", "aux_text",
                "aux_mlm_labels"), List.copyOf(inputs.keySet()));
        assertArrayEquals(new long[] {-1, 3, -1, -1}, inputs.get("image"));
        assertArrayEquals(new long[] {-1, -1, 4}, inputs.get("boxes"));
        Set<String> names = b.graph().params().keySet();
        assertEquals(520, names.stream().filter(n -> n.startsWith(BACKBONE) || n.startsWith(HEAD)).count());
        // 218 reference keys of the precomputed multitask module, minus the tied decoder listed twice and
        // object_mask_visual_embedding (pixel masking instead), plus the ResNet
        assertEquals(216 + 520, names.size());
        assertFalse(names.contains("object_mask_visual_embedding.weight"));

        VlbertConfig noPixelMasking = ConfigLoader.load(RepoRoot.cfgs().resolve("pretrain/base_e2e_16x16G_fp16.yaml"),
                null, List.of("NETWORK.MASK_RAW_PIXELS=false"));
        org.vlbert.graphs.GraphBuilder c = new org.vlbert.graphs.GraphBuilder();
        ModelFactory.create(noPixelMasking, org.vlbert.tasks.SpecialTokens.BERT).build(c,
                org.vlbert.graphs.model.Dropout.none(), false);
        assertTrue(c.graph().params().containsKey("object_mask_visual_embedding.weight"));
    }

    private static boolean allZero(float[] v) {
        for (float x : v) {
            if (x != 0f) {
                return false;
            }
        }
        return true;
    }
}
