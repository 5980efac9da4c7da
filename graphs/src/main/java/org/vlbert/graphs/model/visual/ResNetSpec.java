package org.vlbert.graphs.model.visual;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * The architecture of the reference's end-to-end visual module (model.md §6.4): a ResNet built up
 * to {@code layer3} (stride 16, 1024 channels) and a fresh {@code layer4}-shaped RoI head.
 *
 * <p>Stages follow the reference's numbering: 1 = {@code conv1}+{@code bn1}, 2..4 =
 * {@code layer1..layer3}, 5 = the RoI head.
 *
 * @param stageBlocks     Bottleneck count of layer1..layer3 (ResNet-101: 3, 4, 23)
 * @param headBlocks      Bottleneck count of the RoI head (layer4: 3)
 * @param baseWidth       planes of layer1 (64); stages double it, the output is 4× planes
 * @param strideInOneByOne stride of a stage's first block on its 1×1 conv (Caffe/MSRA style,
 *                        {@code IMAGE_STRIDE_IN_1x1}) instead of the 3×3
 * @param c5Dilated       RoI head with stride 1 and dilation 2 ({@code IMAGE_C5_DILATED}); else
 *                        stride 2 and a 7×7 average pool
 * @param frozenStages    stages whose conv weights do not train ({@code IMAGE_FROZEN_BACKBONE_STAGES});
 *                        BatchNorm is always a frozen affine map ({@code IMAGE_FROZEN_BN})
 */
public record ResNetSpec(int[] stageBlocks, int headBlocks, long baseWidth, boolean strideInOneByOne,
                         boolean c5Dilated, Set<Integer> frozenStages) {
    /** RoIAlign output size (both axes) and the stride of layer3's feature map. */
    public static final long POOLED_SIZE = 14;
    public static final long FEATURE_STRIDE = 16;
    /** BatchNorm epsilon of the reference's BatchNorm2d modules. */
    public static final float BN_EPS = 1e-5f;

    public ResNetSpec {
        if (stageBlocks.length != 3 || Arrays.stream(stageBlocks).anyMatch(n -> n < 1) || headBlocks < 1) {
            throw new IllegalArgumentException("a ResNet up to layer3 needs 3 stage block counts >= 1 and a head, got "
                    + Arrays.toString(stageBlocks) + " + " + headBlocks);
        }
        for (int s : frozenStages) {
            if (s < 1 || s > 5) {
                throw new IllegalArgumentException("frozen backbone stage " + s + " does not exist (stages: 1 = conv1, "
                        + "2-4 = layer1-3, 5 = RoI head)");
            }
        }
        stageBlocks = stageBlocks.clone();
        frozenStages = Set.copyOf(new TreeSet<>(frozenStages));
    }

    /** The depth {@code IMAGE_NUM_LAYERS} (50, 101 or 152) with the reference's shipped settings. */
    public static ResNetSpec ofDepth(int depth, boolean strideInOneByOne, boolean c5Dilated, Set<Integer> frozenStages) {
        int[] blocks = switch (depth) {
            case 50 -> new int[] {3, 4, 6};
            case 101 -> new int[] {3, 4, 23};
            case 152 -> new int[] {3, 8, 36};
            default -> throw new IllegalArgumentException("NETWORK.IMAGE_NUM_LAYERS " + depth
                    + " is not a bottleneck ResNet depth; use 50, 101 or 152");
        };
        return new ResNetSpec(blocks, 3, 64, strideInOneByOne, c5Dilated, frozenStages);
    }

    /** ResNet-101 as every shipped VCR / RefCOCO+ / e2e pretraining config builds it. */
    public static ResNetSpec reference() {
        return ofDepth(101, true, true, Set.of(1, 2));
    }

    @Override
    public int[] stageBlocks() {
        return stageBlocks.clone();
    }

    public boolean frozen(int stage) {
        return frozenStages.contains(stage);
    }

    /** Output channels of layer{@code i} (1..3) and, for i = 4, of the RoI head. */
    public long outChannels(int layer) {
        return baseWidth * 4 << (layer - 1);
    }

    public long planes(int layer) {
        return baseWidth << (layer - 1);
    }

    /** Channels of the feature map the RoIs are pooled from (layer3). */
    public long featureChannels() {
        return outChannels(3);
    }

    /** Width of a region feature (the RoI head output). */
    public long regionFeatureDim() {
        return outChannels(4);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResNetSpec s && Arrays.equals(s.stageBlocks, stageBlocks) && s.headBlocks == headBlocks
                && s.baseWidth == baseWidth && s.strideInOneByOne == strideInOneByOne && s.c5Dilated == c5Dilated
                && s.frozenStages.equals(frozenStages);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(stageBlocks) * 31 + java.util.Objects.hash(headBlocks, baseWidth, strideInOneByOne,
                c5Dilated, frozenStages);
    }

    @Override
    public String toString() {
        return "ResNetSpec" + Arrays.toString(stageBlocks) + "+" + headBlocks + " width " + baseWidth
                + (strideInOneByOne ? " stride-in-1x1" : "") + (c5Dilated ? " dilated-c5" : "") + " frozen "
                + new TreeSet<>(frozenStages);
    }
}
