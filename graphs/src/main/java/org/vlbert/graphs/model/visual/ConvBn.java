package org.vlbert.graphs.model.visual;

import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.VisionOps;
import org.vlbert.graphs.ir.ParamInit;
import org.vlbert.graphs.ir.Value;

/**
 * The two parameterised layers of the ResNet: a bias-free {@code nn.Conv2d} and a BatchNorm2d in
 * eval mode with frozen γ/β, i.e. the per-channel affine map
 * {@code (x - running_mean) / sqrt(running_var + 1e-5) · weight + bias}. Parameters are named as
 * in the reference state dict ({@code conv1.weight}; {@code bn1.weight, bias, running_mean,
 * running_var}; {@code num_batches_tracked} is a counter the frozen BN never reads).
 */
final class ConvBn {
    private ConvBn() {}

    /** Conv2d(in, out, k, stride, padding = pad, dilation) without bias under scope {@code name}. */
    static Value conv(GraphBuilder b, String name, Value x, long in, long out, long k, long stride, long pad,
                      long dilation, boolean trainable) {
        // torchvision's ResNet init: kaiming_normal_(mode="fan_out", nonlinearity="relu")
        ParamInit init = ParamInit.normal(Math.sqrt(2.0 / (out * k * k)));
        String local = name + ".weight";
        Value w = trainable ? b.param(local, init, out, in, k, k) : b.frozenParam(local, init, out, in, k, k);
        return VisionOps.conv(b, x, w, null, stride, pad, dilation);
    }

    /** Frozen BatchNorm2d(channels) under scope {@code name}. */
    static Value frozenBatchNorm(GraphBuilder b, String name, Value x, long channels) {
        return b.inScope(name, () -> {
            Value gamma = b.frozenParam("weight", ParamInit.ones(), channels);
            Value beta = b.frozenParam("bias", ParamInit.zeros(), channels);
            Value mean = b.frozenParam("running_mean", ParamInit.zeros(), channels);
            Value var = b.frozenParam("running_var", ParamInit.ones(), channels);
            Value scale = b.div(gamma, b.sqrt(b.add(var, ResNetSpec.BN_EPS)));
            Value shift = b.sub(beta, b.mul(mean, scale));
            Value scale4 = b.reshape(scale, channels, 1, 1);
            Value shift4 = b.reshape(shift, channels, 1, 1);
            return b.add(b.mul(x, scale4), shift4);
        });
    }
}
