package org.vlbert.graphs.model.visual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.onnx.OnnxEmitter;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.graphs.testutil.OrtRunner;
import org.vlbert.graphs.testutil.ReferenceFastRcnn;
import org.vlbert.graphs.testutil.Tensors;
import org.vlbert.graphs.testutil.VisualTestWeights;
import org.vlbert.graphs.testutil.VisionReference;
import org.vlbert.graphs.testutil.VisionReference.T;

/**
 * Parity of the full-size architecture (ResNet-101 to layer3, 3-block dilated 2048-channel RoI
 * head, the reference state-dict names) with the double-precision reference on a 64×48 image
 * and one RoI. The narrow-network test covers padding slots, batches and masks; this one the
 * real depth and widths.
 */
class ResNet101ParityTest {
    @Test
    void fullSizeRegionFeatureEqualsTheDoublePrecisionReference() {
        ResNetSpec spec = ResNetSpec.reference();
        GraphBuilder b = new GraphBuilder();
        Value image = b.input("image", DType.FLOAT, Shape.of("batch", 3, "height", "width"));
        Value rois = b.input("rois", DType.FLOAT, Shape.of("k", 4));
        Value idx = b.input("idx", DType.INT64, Shape.of("k"));
        b.output("features", PixelRegionFeatures.roiFeatures(b, spec, image, rois, idx, null));
        Map<String, HostTensor> weights = VisualTestWeights.random(b.graph().params().values(), 21);

        HostTensor img = PixelRegionFeaturesTest.image(22, 1, 48, 64);
        float[] box = {6.5f, 3.25f, 50.0f, 41.75f};
        Map<String, HostTensor> feeds = new LinkedHashMap<>(weights);
        feeds.put("image", img);
        feeds.put("rois", HostTensor.ofFloats(new long[] {1, 4}, box));
        feeds.put("idx", Tensors.longs(new long[] {1}, 0));
        HostTensor got;
        try (OrtRunner ort = new OrtRunner(new OnnxEmitter(b.graph()).emit(), 2)) {
            got = ort.run(feeds).get("features");
        }
        assertArrayEquals(new long[] {1, 2048}, got.shape());

        double[][] refRois = {{0, box[0], box[1], box[2], box[3]}};
        T ref = new ReferenceFastRcnn(weights, true).regionFeatures(T.of(img), refRois, null);
        double scale = VisionReference.maxAbs(ref);
        double worst = VisionReference.maxAbsDiff(ref, got.toFloatArray());
        assertTrue(scale > 0.1, "features are not degenerate: max |f| " + scale);
        assertTrue(worst <= 1e-5 * scale, "max |diff| " + worst + " vs max |f| " + scale);
    }
}
