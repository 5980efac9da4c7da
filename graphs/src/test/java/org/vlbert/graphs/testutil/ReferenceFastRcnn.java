package org.vlbert.graphs.testutil;

import java.util.Map;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.graphs.testutil.VisionReference.T;

/**
 * The reference's end-to-end region features in double precision, written from model.md §6.4
 * and driven by a state dict with the reference's key names ({@code image_feature_extractor.
 * backbone.conv1.weight}, {@code ...layer2.0.downsample.1.running_var}, {@code
 * ...roi_head_feature_extractor.0.conv2.weight}, ...). Independent of the graph code: block
 * counts and widths are read from the state dict itself.
 */
public final class ReferenceFastRcnn {
    private static final String BACKBONE = "image_feature_extractor.backbone.";
    private static final String HEAD = "image_feature_extractor.roi_head_feature_extractor.";
    private static final double EPS = 1e-5;

    private final Map<String, HostTensor> sd;
    private final boolean strideInOneByOne;

    public ReferenceFastRcnn(Map<String, HostTensor> stateDict, boolean strideInOneByOne) {
        this.sd = stateDict;
        this.strideInOneByOne = strideInOneByOne;
    }

    /**
     * Region features [K, C] of RoIs (batch index, x1, y1, x2, y2) on images [B, 3, H, W]; masks
     * [K][14][14] or null.
     */
    public T regionFeatures(T image, double[][] rois, double[][][] masks) {
        T f = backbone(image);
        T pooled = VisionReference.roiAlign(f, rois, 14, 14, 1.0 / 16, 1);
        T maps = stage(HEAD, pooled, 1, 2);
        if (masks != null) {
            double[] d = maps.data().clone();
            int c = maps.dim(1);
            for (int i = 0; i < d.length; i++) {
                int k = i / (c * 196);
                int cell = i % 196;
                d[i] *= masks[k][cell / 14][cell % 14];
            }
            maps = new T(maps.shape(), d);
        }
        T avg = VisionReference.avgPool(maps, 14, 1);
        return new T(new long[] {rois.length, maps.dim(1)}, avg.data());
    }

    /** conv1, bn1, ReLU, max pool, layer1 (stride 1), layer2, layer3 (stride 2). */
    public T backbone(T image) {
        T h = VisionReference.conv(image, p(BACKBONE + "conv1.weight"), 2, 3, 1);
        h = VisionReference.relu(bn(BACKBONE + "bn1.", h));
        h = VisionReference.maxPool(h, 3, 2, 1);
        for (int layer = 1; layer <= 3; layer++) {
            h = stage(BACKBONE + "layer" + layer + ".", h, layer == 1 ? 1 : 2, 1);
        }
        return h;
    }

    private T stage(String prefix, T x, int stride, int dilation) {
        T h = x;
        for (int i = 0; sd.containsKey(prefix + i + ".conv1.weight"); i++) {
            h = bottleneck(prefix + i + ".", h, i == 0 ? stride : 1, dilation);
        }
        return h;
    }

    private T bottleneck(String prefix, T x, int stride, int dilation) {
        int s1 = strideInOneByOne ? stride : 1;
        int s3 = strideInOneByOne ? 1 : stride;
        T h = VisionReference.relu(bn(prefix + "bn1.", VisionReference.conv(x, p(prefix + "conv1.weight"), s1, 0, 1)));
        h = VisionReference.relu(bn(prefix + "bn2.",
                VisionReference.conv(h, p(prefix + "conv2.weight"), s3, dilation, dilation)));
        h = bn(prefix + "bn3.", VisionReference.conv(h, p(prefix + "conv3.weight"), 1, 0, 1));
        T shortcut = x;
        if (sd.containsKey(prefix + "downsample.0.weight")) {
            shortcut = bn(prefix + "downsample.1.",
                    VisionReference.conv(x, p(prefix + "downsample.0.weight"), stride, 0, 1));
        }
        return VisionReference.relu(VisionReference.add(h, shortcut));
    }

    private T bn(String prefix, T x) {
        return VisionReference.batchNorm(x, p(prefix + "weight").data(), p(prefix + "bias").data(),
                p(prefix + "running_mean").data(), p(prefix + "running_var").data(), EPS);
    }

    private T p(String key) {
        HostTensor t = sd.get(key);
        if (t == null) {
            throw new IllegalArgumentException("state dict has no " + key);
        }
        return T.of(t);
    }
}
