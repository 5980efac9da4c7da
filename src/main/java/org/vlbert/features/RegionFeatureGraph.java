package org.vlbert.features;

import ai.onnx.proto.OnnxMl;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Param;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.model.visual.PixelRegionFeatures;
import org.vlbert.graphs.model.visual.ResNetSpec;
import org.vlbert.graphs.onnx.OnnxEmitter;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * The inference graph of the pixel path: {@code image} [B, 3, H, W] (normalised BGR),
 * {@code rois} [K, 4] (x1, y1, x2, y2 in resized-image pixels), {@code roi_batch} [K] (int64) →
 * {@code features} [K, 2048]. Weights are embedded as initializers, so ORT can pre-pack the
 * convolution filters.
 */
public final class RegionFeatureGraph {
    public static final String IMAGE = "image";
    public static final String ROIS = "rois";
    public static final String ROI_BATCH = "roi_batch";
    public static final String FEATURES = "features";

    private RegionFeatureGraph() {}

    /** The parameter names and shapes of the pixel path of {@code spec}, in model order. */
    public static Map<String, long[]> parameters(ResNetSpec spec) {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (Param p : record(spec).graph().params().values()) {
            out.put(p.name(), p.shape());
        }
        return out;
    }

    public static OnnxMl.ModelProto build(ResNetSpec spec, Map<String, HostTensor> weights) {
        GraphBuilder b = record(spec);
        return new OnnxEmitter(b.graph()).graphName("region_features").paramsAsInitializers(weights)
                .metadata("vlbert.kind", "region_features").emit();
    }

    private static GraphBuilder record(ResNetSpec spec) {
        GraphBuilder b = new GraphBuilder();
        Value image = b.input(IMAGE, DType.FLOAT, Shape.of("batch", 3, "height", "width"));
        Value rois = b.input(ROIS, DType.FLOAT, Shape.of("num_rois", 4));
        Value batch = b.input(ROI_BATCH, DType.INT64, Shape.of("num_rois"));
        b.output(FEATURES, PixelRegionFeatures.roiFeatures(b, spec, image, rois, batch, null));
        return b;
    }
}
