package org.vlbert.graphs.model.visual;

import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Value;

/**
 * The ResNet Bottleneck block (torchvision layout, model.md §6.4): 1×1 (in → planes), BN, ReLU;
 * 3×3 (planes → planes, padding = dilation), BN, ReLU; 1×1 (planes → 4·planes), BN; plus the
 * identity or, in a stage's first block, a 1×1 strided conv + BN; then ReLU. The stride sits on
 * the first 1×1 in Caffe/MSRA style ({@code strideInOneByOne}), else on the 3×3.
 */
final class Bottleneck {
    private Bottleneck() {}

    /** One block under scope {@code name}; {@code downsample} adds the projection shortcut. */
    static Value apply(GraphBuilder b, String name, Value x, long in, long planes, long stride, long dilation,
                       boolean downsample, boolean strideInOneByOne, boolean trainable) {
        return b.inScope(name, () -> {
            long out = planes * 4;
            long s1 = strideInOneByOne ? stride : 1;
            long s3 = strideInOneByOne ? 1 : stride;
            Value h = ConvBn.conv(b, "conv1", x, in, planes, 1, s1, 0, 1, trainable);
            h = b.relu(ConvBn.frozenBatchNorm(b, "bn1", h, planes));
            h = ConvBn.conv(b, "conv2", h, planes, planes, 3, s3, dilation, dilation, trainable);
            h = b.relu(ConvBn.frozenBatchNorm(b, "bn2", h, planes));
            h = ConvBn.conv(b, "conv3", h, planes, out, 1, 1, 0, 1, trainable);
            h = ConvBn.frozenBatchNorm(b, "bn3", h, out);
            Value shortcut = x;
            if (downsample) {
                shortcut = ConvBn.conv(b, "downsample.0", x, in, out, 1, stride, 0, 1, trainable);
                shortcut = ConvBn.frozenBatchNorm(b, "downsample.1", shortcut, out);
            }
            return b.relu(b.add(h, shortcut));
        });
    }

    /**
     * A stage of {@code blocks} Bottlenecks under scope {@code name}: the first block projects
     * {@code in} to 4·planes with the given stride, the others keep the shape.
     */
    static Value stage(GraphBuilder b, String name, Value x, int blocks, long in, long planes, long stride,
                       long dilation, boolean strideInOneByOne, boolean trainable) {
        return b.inScope(name, () -> {
            Value h = apply(b, "0", x, in, planes, stride, dilation, true, strideInOneByOne, trainable);
            for (int i = 1; i < blocks; i++) {
                h = apply(b, Integer.toString(i), h, planes * 4, planes, 1, dilation, false, strideInOneByOne, trainable);
            }
            return h;
        });
    }
}
