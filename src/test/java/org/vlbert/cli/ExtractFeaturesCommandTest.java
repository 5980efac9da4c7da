package org.vlbert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vlbert.testutil.CliRun.vlbert;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.features.RegionFeatureGraph;
import org.vlbert.graphs.model.visual.ResNetSpec;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.io.Safetensors;
import org.vlbert.testutil.CliRun;
import org.vlbert.testutil.SharedFixtures;

/**
 * {@code vlbert extract-features} end to end with the real ResNet-101 (random weights in a
 * safetensors file) on small images: the whole-image feature equals the feature of the same box
 * given explicitly, features are 2048-d and finite, and bad weights are refused with a message.
 */
class ExtractFeaturesCommandTest {
    @TempDir
    static Path dir;
    private static Path weights;
    private static Path images;
    private static Path boxes;

    @BeforeAll
    static void setUp() throws IOException {
        Map<String, long[]> params = RegionFeatureGraph.parameters(ResNetSpec.reference());
        Map<String, HostTensor> w = new LinkedHashMap<>();
        SplittableRandom rnd = new SplittableRandom(1);
        params.forEach((name, shape) -> {
            HostTensor t = HostTensor.allocate(DType.FLOAT, shape);
            var fb = t.floatView();
            double scale = shape.length == 4 ? Math.sqrt(6.0 / (shape[1] * shape[2] * shape[3])) : 0;
            for (int i = 0; i < fb.capacity(); i++) {
                float v = name.endsWith("running_var") || (shape.length == 1 && name.endsWith(".weight")) ? 1f
                        : (float) ((rnd.nextDouble() * 2 - 1) * scale);
                fb.put(i, v);
            }
            w.put(name, t);
        });
        weights = dir.resolve("visual.safetensors");
        Safetensors.write(weights, w, Map.of());
        images = Files.createDirectories(dir.resolve("images"));
        png(images.resolve("x.png"), 80, 60);
        png(images.resolve("y.png"), 50, 70);
        boxes = Files.writeString(dir.resolve("boxes.jsonl"),
                "{\"image_id\": \"x\", \"boxes\": [[0, 0, 79, 59], [10, 12.5, 40, 30]]}\n"
                        + "{\"image_id\": \"y\", \"boxes\": [[5, 5, 20, 60]]}\n");
    }

    private static void png(Path p, int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, ((x * 3) & 255) << 16 | ((y * 5) & 255) << 8 | ((x * y) & 255));
            }
        }
        ImageIO.write(img, "png", p.toFile());
    }

    private static String cfg() {
        return SharedFixtures.referenceCfgs().resolve("refcoco/base_gt_boxes_4x16G.yaml").toString();
    }

    @Test
    void extractsResNet101FeaturesForNewImages() throws IOException {
        Path out = dir.resolve("regions.arrow");
        CliRun r = vlbert("extract-features", "--images", images.toString(), "--boxes", boxes.toString(), "--cfg", cfg(),
                "--set", "SCALES=[64,100]", "--ckpt", weights.toString(), "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("done: 2 extracted, 0 already done, 0 bad"), r.out());

        try (RootAllocator alloc = new RootAllocator();
             var ch = java.nio.channels.FileChannel.open(out);
             ArrowFileReader reader = new ArrowFileReader(ch, alloc)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            assertTrue(reader.loadNextBatch());
            assertEquals(2, root.getRowCount());
            ListVector features = (ListVector) root.getVector("features");
            FixedSizeListVector whole = (FixedSizeListVector) root.getVector("image_box_feature");
            List<?> xFeatures = features.getObject(0);
            assertEquals(2, xFeatures.size());
            List<?> box0 = (List<?>) xFeatures.get(0);
            List<?> image = whole.getObject(0);
            assertEquals(2048, box0.size());
            double maxAbs = 0;
            double maxDiff = 0;
            for (int i = 0; i < 2048; i++) {
                float a = (Float) box0.get(i);
                float b = (Float) image.get(i);
                assertTrue(Float.isFinite(a));
                maxAbs = Math.max(maxAbs, Math.abs(a));
                maxDiff = Math.max(maxDiff, Math.abs(a - b));
            }
            assertTrue(maxAbs > 0, "features are not all zero");
            assertTrue(maxDiff <= 1e-5 * maxAbs, "the whole-image box given explicitly: max |diff| " + maxDiff);
            assertEquals(60, root.getVector("height").getObject(0));
        }
    }

    @Test
    void weightsThatDoNotFitAreRefused() throws IOException {
        Path partial = dir.resolve("partial.safetensors");
        Safetensors.write(partial, Map.of("image_feature_extractor.backbone.conv1.weight",
                HostTensor.allocate(DType.FLOAT, 64, 3, 7, 7)), Map.of());
        CliRun r = vlbert("extract-features", "--images", images.toString(), "--boxes", boxes.toString(), "--cfg", cfg(),
                "--ckpt", partial.toString(), "--out", dir.resolve("never.arrow").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("does not hold the ResNet weights of this config"), r.err());
        assertTrue(r.err().contains("visual parameters are not in the file"), r.err());
        assertTrue(!Files.exists(dir.resolve("never.arrow")));
    }

    @Test
    void missingInputsAreNamed() {
        CliRun r = vlbert("extract-features", "--images", dir.resolve("nope").toString(), "--boxes", boxes.toString(),
                "--cfg", cfg(), "--ckpt", weights.toString(), "--out", dir.resolve("n.arrow").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("nope: not a directory (--images)"), r.err());
        r = vlbert("extract-features", "--images", images.toString(), "--boxes", dir.resolve("b.txt").toString(),
                "--cfg", cfg(), "--ckpt", weights.toString(), "--out", dir.resolve("n.arrow").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("unknown boxes format"), r.err());
    }
}
