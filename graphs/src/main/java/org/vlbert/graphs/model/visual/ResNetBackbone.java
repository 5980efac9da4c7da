package org.vlbert.graphs.model.visual;

import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.VisionOps;
import org.vlbert.graphs.ir.Value;

/**
 * {@code image_feature_extractor.backbone}: conv1 7×7/2 (3 → 64), frozen BN, ReLU, max pool 3×3/2,
 * then layer1..layer3; an image [B, 3, H, W] gives the stride-16 map [B, 1024, ⌈H/16⌉, ⌈W/16⌉]
 * (600×1000 → 38×63). Frozen stages get frozen parameters, so reverse mode emits no backward
 * nodes for them (nothing trainable feeds them).
 */
public final class ResNetBackbone {
    /** Parameter scope of the backbone. */
    public static final String SCOPE = "image_feature_extractor.backbone";

    private ResNetBackbone() {}

    public static Value apply(GraphBuilder b, ResNetSpec spec, Value image) {
        return b.inScope(SCOPE, () -> {
            long stem = spec.baseWidth();
            Value h = ConvBn.conv(b, "conv1", image, 3, stem, 7, 2, 3, 1, !spec.frozen(1));
            h = b.relu(ConvBn.frozenBatchNorm(b, "bn1", h, stem));
            h = VisionOps.maxPool(b, h, 3, 2, 1).output(0);
            long in = stem;
            int[] blocks = spec.stageBlocks();
            for (int layer = 1; layer <= 3; layer++) {
                long stride = layer == 1 ? 1 : 2;
                h = Bottleneck.stage(b, "layer" + layer, h, blocks[layer - 1], in, spec.planes(layer), stride, 1,
                        spec.strideInOneByOne(), !spec.frozen(layer + 1));
                in = spec.outChannels(layer);
            }
            return h;
        });
    }
}
