package org.vlbert.graphs.model.visual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.autodiff.Autodiff;
import org.vlbert.graphs.ir.Node;
import org.vlbert.graphs.ir.Param;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.onnx.OnnxEmitter;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.graphs.testutil.GradCheck;
import org.vlbert.graphs.testutil.OrtRunner;
import org.vlbert.graphs.testutil.ReferenceFastRcnn;
import org.vlbert.graphs.testutil.Tensors;
import org.vlbert.graphs.testutil.VisualTestWeights;
import org.vlbert.graphs.testutil.VisionReference;
import org.vlbert.graphs.testutil.VisionReference.T;

/**
 * The pixel path: parameter names/shapes of the reference ResNet-101 state dict, parity of the
 * region features with a double-precision implementation of model.md §6.4 (a narrow ResNet with
 * the same code paths: every block kind, strided 1×1s, dilated head, padding slots, instance
 * masks), gradients of the trainable stages, and no backward work for the frozen ones.
 */
class PixelRegionFeaturesTest {
    /** Same structure as ResNet-101 but 1/16 the width and fewer blocks: layer1..3 = 1, 2, 2; head 2. */
    static final ResNetSpec NARROW = new ResNetSpec(new int[] {1, 2, 2}, 2, 4, true, true, Set.of(1, 2));

    @Test
    void resnet101ParametersFollowTheReferenceStateDict() {
        GraphBuilder b = new GraphBuilder();
        Value image = b.input("image", DType.FLOAT, Shape.of("batch", 3, "height", "width"));
        Value rois = b.input("rois", DType.FLOAT, Shape.of("k", 4));
        Value idx = b.input("idx", DType.INT64, Shape.of("k"));
        PixelRegionFeatures.roiFeatures(b, ResNetSpec.reference(), image, rois, idx, null);
        Map<String, Param> ps = b.graph().params();
        // 564 backbone + 60 head keys in the reference minus the 94 + 10 num_batches_tracked buffers
        assertEquals(520, ps.size());
        assertShape(ps, "image_feature_extractor.backbone.conv1.weight", 64, 3, 7, 7);
        assertShape(ps, "image_feature_extractor.backbone.bn1.running_var", 64);
        assertShape(ps, "image_feature_extractor.backbone.layer2.0.conv1.weight", 128, 256, 1, 1);
        assertShape(ps, "image_feature_extractor.backbone.layer2.0.downsample.0.weight", 512, 256, 1, 1);
        assertShape(ps, "image_feature_extractor.backbone.layer3.22.conv3.weight", 1024, 256, 1, 1);
        assertShape(ps, "image_feature_extractor.roi_head_feature_extractor.0.conv1.weight", 512, 1024, 1, 1);
        assertShape(ps, "image_feature_extractor.roi_head_feature_extractor.0.conv2.weight", 512, 512, 3, 3);
        assertShape(ps, "image_feature_extractor.roi_head_feature_extractor.0.conv3.weight", 2048, 512, 1, 1);
        assertShape(ps, "image_feature_extractor.roi_head_feature_extractor.0.downsample.0.weight", 2048, 1024, 1, 1);
        assertShape(ps, "image_feature_extractor.roi_head_feature_extractor.2.bn3.bias", 2048);
        for (Param p : ps.values()) {
            boolean stage12 = p.name().contains(".backbone.conv1.") || p.name().contains(".backbone.layer1.");
            boolean bn = p.name().matches(".*\\.(bn\\d|downsample\\.1)\\..*");
            assertEquals(!stage12 && !bn, p.trainable(), p.name());
        }
    }

    private static void assertShape(Map<String, Param> ps, String name, long... shape) {
        assertTrue(ps.containsKey(name), name);
        assertArrayEquals(shape, ps.get(name).shape(), name);
    }

    static HostTensor image(long seed, int batch, int h, int w) {
        return GradCheck.random(seed, 60f, batch, 3, h, w);
    }

    /** Two images (the second zero-padded at the bottom/right, as a batch is), 3 + 2 real boxes in 4 slots. */
    static final float[][][] BOXES = {
        {{0, 0, 63, 47}, {3.5f, 5.25f, 40.0f, 30.75f}, {50.2f, 10.1f, 63.0f, 47.0f}, {-2, -2, -2, -2}},
        {{0, 0, 39, 31}, {10.0f, 8.0f, 12.5f, 9.5f}, {-2, -2, -2, -2}, {-2, -2, -2, -2}},
    };

    private static HostTensor boxes() {
        float[] v = new float[2 * 4 * 4];
        for (int bi = 0; bi < 2; bi++) {
            for (int n = 0; n < 4; n++) {
                System.arraycopy(BOXES[bi][n], 0, v, (bi * 4 + n) * 4, 4);
            }
        }
        return HostTensor.ofFloats(new long[] {2, 4, 4}, v);
    }

    private static double[][] realRois() {
        List<double[]> out = new ArrayList<>();
        for (int bi = 0; bi < 2; bi++) {
            for (float[] box : BOXES[bi]) {
                if (box[0] > -1.5f) {
                    out.add(new double[] {bi, box[0], box[1], box[2], box[3]});
                }
            }
        }
        return out.toArray(new double[0][]);
    }

    private static HostTensor masks(long seed) {
        Random rnd = new Random(seed);
        HostTensor m = HostTensor.allocate(DType.FLOAT, 2, 4, 14, 14);
        for (int i = 0; i < m.numel(); i++) {
            m.floatView().put(i, rnd.nextBoolean() ? 1f : 0f);
        }
        return m;
    }

    private static Map<String, HostTensor> runPixelPath(ResNetSpec spec, Map<String, HostTensor> weights,
                                                        HostTensor img, HostTensor masks) {
        GraphBuilder b = new GraphBuilder();
        Value image = b.input("image", DType.FLOAT, Shape.of("batch", 3, "height", "width"));
        Value boxes = b.input("boxes", DType.FLOAT, Shape.of("batch", "num_boxes", 4));
        Value maskIn = masks == null ? null : b.input("masks", DType.FLOAT, Shape.of("batch", "num_boxes", 14, 14));
        Value boxMask = b.greater(b.squeeze(b.slice(boxes, 2, 0, 1), 2), b.scalar(-1.5f));
        b.output("features", PixelRegionFeatures.apply(b, spec, image, boxes, boxMask, maskIn));
        Map<String, HostTensor> feeds = new LinkedHashMap<>(weights);
        feeds.put("image", img);
        feeds.put("boxes", boxes());
        if (masks != null) {
            feeds.put("masks", masks);
        }
        try (OrtRunner ort = new OrtRunner(new OnnxEmitter(b.graph()).emit(), 2)) {
            return ort.run(feeds);
        }
    }

    private static Map<String, HostTensor> weightsFor(ResNetSpec spec, long seed) {
        GraphBuilder b = new GraphBuilder();
        PixelRegionFeatures.roiFeatures(b, spec, b.input("image", DType.FLOAT, Shape.of("b", 3, "h", "w")),
                b.input("rois", DType.FLOAT, Shape.of("k", 4)), b.input("idx", DType.INT64, Shape.of("k")), null);
        return VisualTestWeights.random(b.graph().params().values(), seed);
    }

    /** Image 2 occupies the top-left 32×40 of the 48×64 padded batch; the rest stays 0. */
    private static HostTensor paddedBatch() {
        HostTensor img = image(11, 2, 48, 64);
        var fb = img.floatView();
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 48; y++) {
                for (int x = 0; x < 64; x++) {
                    if (y >= 32 || x >= 40) {
                        fb.put(((3 + c) * 48 + y) * 64 + x, 0f);
                    }
                }
            }
        }
        return img;
    }

    @Test
    void regionFeaturesEqualTheDoublePrecisionReference() {
        Map<String, HostTensor> weights = weightsFor(NARROW, 3);
        HostTensor img = paddedBatch();
        HostTensor masks = masks(5);
        float[] got = runPixelPath(NARROW, weights, img, masks).get("features").toFloatArray();   // [2, 4, 128]

        double[][] rois = realRois();
        int[] slot = {0, 1, 2, 4, 5};
        double[][][] roiMasks = new double[rois.length][14][14];
        for (int k = 0; k < rois.length; k++) {
            for (int i = 0; i < 196; i++) {
                roiMasks[k][i / 14][i % 14] = masks.floatView().get(slot[k] * 196 + i);
            }
        }
        T ref = new ReferenceFastRcnn(weights, true).regionFeatures(T.of(img), rois, roiMasks);
        long dim = NARROW.regionFeatureDim();
        double worst = 0;
        double scale = VisionReference.maxAbs(ref);
        for (int k = 0; k < rois.length; k++) {
            for (int c = 0; c < dim; c++) {
                worst = Math.max(worst, Math.abs(ref.data()[(int) (k * dim + c)] - got[(int) (slot[k] * dim + c)]));
            }
        }
        assertTrue(scale > 0.1, "features are not degenerate: max |f| " + scale);
        assertTrue(worst <= 5e-6 * scale, "max |diff| " + worst + " vs max |f| " + scale);
        for (int padSlot : new int[] {3, 6, 7}) {
            for (int c = 0; c < dim; c++) {
                assertEquals(0f, got[(int) (padSlot * dim + c)], "padding slot " + padSlot);
            }
        }
    }

    /**
     * A small step (1e-3) keeps the central differences off the ReLU kinks of this narrow net;
     * the float32 loss then resolves derivatives to about 1e-2, hence atol 1e-2.
     */
    @Test
    void gradientsOfTheTrainableStagesMatchFiniteDifferences() {
        ResNetSpec spec = new ResNetSpec(new int[] {1, 1, 1}, 1, 2, true, true, Set.of(1, 2));
        Map<String, HostTensor> weights = weightsFor(spec, 7);
        new GradCheck().tolerance(1e-3, 1e-2, 3e-2).maxElementsPerInput(3)
                .input("image", image(13, 1, 40, 36), Shape.of("batch", 3, "height", "width"))
                .input("rois", HostTensor.ofFloats(new long[] {2, 4}, 0, 0, 35, 39, 4.5f, 6.25f, 30, 20), Shape.of("k", 4))
                .input("idx", Tensors.longs(new long[] {2}, 0, 0), Shape.of("k"))
                .wrtParams(p -> weights.get(p.name()))
                .check((b, in) -> PixelRegionFeatures.roiFeatures(b, spec, in.get("image"), in.get("rois"),
                        in.get("idx"), null));
    }

    @Test
    void frozenStagesGetNoBackwardNodes() {
        GraphBuilder b = new GraphBuilder();
        Value image = b.input("image", DType.FLOAT, Shape.of("batch", 3, "height", "width"));
        Value rois = b.input("rois", DType.FLOAT, Shape.of("k", 4));
        Value idx = b.input("idx", DType.INT64, Shape.of("k"));
        Value f = PixelRegionFeatures.roiFeatures(b, NARROW, image, rois, idx, null);
        int forwardNodes = b.graph().nodes().size();
        List<Value> trainable = b.graph().params().values().stream().filter(Param::trainable).map(Param::value).toList();
        Autodiff.Result r = new Autodiff(b).gradients(b.sumAll(f), trainable);
        assertTrue(r.unused().isEmpty(), "every trainable conv gets a gradient: " + r.unused());

        List<Node> backward = b.graph().nodes().subList(forwardNodes + 1, b.graph().nodes().size());
        Set<String> frozen = new HashSet<>();
        b.graph().params().values().stream().filter(p -> !p.trainable()).forEach(p -> frozen.add(p.name()));
        long convTransposes = backward.stream().filter(n -> n.opType().equals("ConvTranspose")).count();
        // dX for every trainable conv except the two that read layer1's (frozen) output, plus one
        // for the RoI head's average pool.
        long trainableConvs = trainable.stream().filter(v -> v.rank() == 4).count();
        assertEquals(trainableConvs - 2 + 1, convTransposes);
        assertFalse(backward.stream().anyMatch(n -> n.opType().equals("ScatterElements")),
                "no max-pool gradient (stage 1 is frozen)");
        for (Node n : backward) {
            if (n.opType().equals("ConvTranspose")) {
                assertFalse(frozen.contains(n.input(1).name()), "backward through frozen conv " + n.input(1).name());
            }
        }
        assertTrue(frozen.contains("image_feature_extractor.backbone.layer1.0.conv2.weight"));
        assertFalse(r.gradients().keySet().stream().anyMatch(v -> frozen.contains(v.name())));
    }
}
