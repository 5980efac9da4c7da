package org.vlbert.graphs.model.visual;

import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.VisionOps;
import org.vlbert.graphs.ir.Dim;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;

/**
 * {@code image_feature_extractor.roi_head_feature_extractor}: a fresh layer4-shaped stage on the
 * 14×14 RoI maps (1024 → 2048 channels). Dilated (all shipped configs): stride 1, dilation 2,
 * average pool 14; else stride 2, average pool 7. The reference registers the same module again
 * as {@code head.0}; here it exists once and the importer maps the alias.
 */
public final class RoiHead {
    /** Parameter scope of the RoI head. */
    public static final String SCOPE = "image_feature_extractor.roi_head_feature_extractor";
    /** The state-dict alias of the same module. */
    public static final String ALIAS_SCOPE = "image_feature_extractor.head.0";

    private RoiHead() {}

    /** The res5 maps [K, 2048, s, s] of pooled RoIs [K, 1024, 14, 14]. */
    public static Value maps(GraphBuilder b, ResNetSpec spec, Value pooled) {
        long stride = spec.c5Dilated() ? 1 : 2;
        long dilation = spec.c5Dilated() ? 2 : 1;
        return Bottleneck.stage(b, SCOPE, pooled, spec.headBlocks(), spec.featureChannels(), spec.planes(4), stride,
                dilation, spec.strideInOneByOne(), !spec.frozen(5));
    }

    /** Side of the RoI head's output maps (and of its average pool). */
    public static long mapSize(ResNetSpec spec) {
        return spec.c5Dilated() ? ResNetSpec.POOLED_SIZE : ResNetSpec.POOLED_SIZE / 2;
    }

    /** AvgPool2d(size, stride 1) and flatten: [K, C, s, s] → [K, C]. */
    public static Value averagePool(GraphBuilder b, ResNetSpec spec, Value maps) {
        Value pooled = VisionOps.averagePool(b, maps, mapSize(spec), 1);
        Dim k = maps.shape().get(0);
        return b.reshape(pooled, Shape.of(k, maps.shape().get(1)), b.longs(-1, spec.regionFeatureDim()));
    }
}
