package org.vlbert.tasks;

import java.util.HashSet;
import java.util.List;
import org.vlbert.cli.VlbertException;
import org.vlbert.config.VlbertConfig;
import org.vlbert.data.image.ImageTransform;
import org.vlbert.data.vqa.ImageResize;
import org.vlbert.graphs.model.visual.ResNetSpec;

/**
 * The visual settings of a config: for region features the box resize ({@code SCALES}); for the
 * end-to-end visual module the ResNet ({@code NETWORK.IMAGE_*}) and the image transform
 * ({@code SCALES}, {@code NETWORK.PIXEL_MEANS}, {@code NETWORK.PIXEL_STDS}).
 */
public final class VisualSettings {
    private VisualSettings() {}

    public static ResNetSpec spec(VlbertConfig cfg) {
        String n = "NETWORK.";
        if (!cfg.getBool(n + "IMAGE_FROZEN_BN")) {
            throw new VlbertException(cfg.source() + ": NETWORK.IMAGE_FROZEN_BN=false (BatchNorm trained with batch"
                    + " statistics) is not supported; every shipped config freezes BatchNorm (set it to true)");
        }
        if (cfg.getBool(n + "IMAGE_SEMANTIC")) {
            throw new VlbertException(cfg.source() + ": NETWORK.IMAGE_SEMANTIC=true (class embeddings concatenated"
                    + " to region features) is not supported; every shipped config sets it to false");
        }
        if (cfg.task() == org.vlbert.config.Task.VCR && cfg.getInt("DATASET.MASK_SIZE") != ResNetSpec.POOLED_SIZE) {
            throw new VlbertException(cfg.source() + ": DATASET.MASK_SIZE must be " + ResNetSpec.POOLED_SIZE
                    + " (the RoI head's output size), got " + cfg.getInt("DATASET.MASK_SIZE"));
        }
        List<Integer> frozen = cfg.getList(n + "IMAGE_FROZEN_BACKBONE_STAGES", Integer.class);
        try {
            return ResNetSpec.ofDepth(cfg.getInt(n + "IMAGE_NUM_LAYERS"), cfg.getBool(n + "IMAGE_STRIDE_IN_1x1"),
                    cfg.getBool(n + "IMAGE_C5_DILATED"), new HashSet<>(frozen));
        } catch (IllegalArgumentException e) {
            throw new VlbertException(cfg.source() + ": " + e.getMessage(), e);
        }
    }

    /** The resize that region boxes follow: SCALES (shorter side, longer-side maximum), else the VQA default. */
    public static ImageResize resize(VlbertConfig cfg) {
        List<Integer> scales = cfg.general().scales();
        return scales.size() >= 2 ? new ImageResize(scales.get(0), scales.get(1)) : ImageResize.VQA;
    }

    public static ImageTransform transform(VlbertConfig cfg) {
        List<Integer> scales = cfg.general().scales();
        if (scales.size() != 2) {
            throw new VlbertException(cfg.source() + ": SCALES must hold (shorter side, longer-side maximum), e.g."
                    + " [600, 1000]; got " + scales);
        }
        float[] means = floats(cfg, "NETWORK.PIXEL_MEANS", ImageTransform.PIXEL_MEANS);
        float[] stds = floats(cfg, "NETWORK.PIXEL_STDS", ImageTransform.PIXEL_STDS);
        try {
            return new ImageTransform(scales.get(0), scales.get(1), means, stds);
        } catch (IllegalArgumentException e) {
            throw new VlbertException(cfg.source() + ": " + e.getMessage(), e);
        }
    }

    /** A 3-value key, or the reference's value when the config leaves it empty. */
    private static float[] floats(VlbertConfig cfg, String key, float[] dflt) {
        List<Double> v = cfg.getList(key, Double.class);
        if (v.isEmpty()) {
            return dflt.clone();
        }
        if (v.size() != 3) {
            throw new VlbertException(cfg.source() + ": " + key + " needs 3 values in B, G, R order, got " + v);
        }
        return new float[] {v.get(0).floatValue(), v.get(1).floatValue(), v.get(2).floatValue()};
    }
}
