package org.vlbert.graphs.ir;

/**
 * How a parameter is initialised when no checkpoint supplies it. The kinds mirror the reference
 * code: BERT's N(0, 0.02), PyTorch's default Linear/Embedding init, constants, Xavier.
 */
public record ParamInit(Kind kind, double a, double b) {
    /** The initialisation families. */
    public enum Kind {
        /** Normal(mean=a, std=b). */
        NORMAL,
        /** Uniform(a, b). */
        UNIFORM,
        /** Every element equals a. */
        CONSTANT,
        /** Xavier/Glorot uniform with gain a over the fan-in/fan-out of a 2-D weight. */
        XAVIER_UNIFORM,
        /** PyTorch nn.Linear default: kaiming_uniform(a=sqrt(5)) i.e. U(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
        TORCH_LINEAR_WEIGHT,
        /** PyTorch nn.Linear default bias: U(-1/sqrt(fan_in), 1/sqrt(fan_in)); a = fan_in. */
        TORCH_LINEAR_BIAS
    }

    public static ParamInit normal(double std) {
        return new ParamInit(Kind.NORMAL, 0, std);
    }

    public static ParamInit constant(double v) {
        return new ParamInit(Kind.CONSTANT, v, 0);
    }

    public static ParamInit zeros() {
        return constant(0);
    }

    public static ParamInit ones() {
        return constant(1);
    }

    public static ParamInit uniform(double lo, double hi) {
        return new ParamInit(Kind.UNIFORM, lo, hi);
    }

    public static ParamInit xavierUniform(double gain) {
        return new ParamInit(Kind.XAVIER_UNIFORM, gain, 0);
    }

    public static ParamInit torchLinearWeight() {
        return new ParamInit(Kind.TORCH_LINEAR_WEIGHT, 0, 0);
    }

    public static ParamInit torchLinearBias(long fanIn) {
        return new ParamInit(Kind.TORCH_LINEAR_BIAS, fanIn, 0);
    }
}
