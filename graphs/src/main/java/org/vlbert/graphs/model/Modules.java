package org.vlbert.graphs.model;

import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.ParamInit;
import org.vlbert.graphs.ir.Value;

/** PyTorch-style modules (parameter layout and names as in the reference state dicts). */
public final class Modules {
    private Modules() {}

    /** nn.Linear(in, out) under scope {@code name}: weight [out, in], bias [out]. */
    public static Value linear(GraphBuilder b, String name, Value x, long in, long out,
                               ParamInit weightInit, ParamInit biasInit) {
        try (var s = b.scope(name)) {
            Value w = b.param("weight", weightInit, out, in);
            Value bias = biasInit == null ? null : b.param("bias", biasInit, out);
            return bias == null ? linearNoBias(b, x, w) : b.linear(x, w, bias);
        }
    }

    private static Value linearNoBias(GraphBuilder b, Value x, Value w) {
        int r = w.rank();
        return b.matmul(x, b.transpose(w, r == 2 ? new int[] {1, 0} : new int[] {0}));
    }

    /** BERT-initialised Linear: weight N(0, std), bias 0. */
    public static Value bertLinear(GraphBuilder b, String name, Value x, long in, long out, double std) {
        return linear(b, name, x, in, out, ParamInit.normal(std), ParamInit.zeros());
    }

    /** LayerNorm over the last dim under scope {@code name}: weight (gamma) and bias (beta). */
    public static Value layerNorm(GraphBuilder b, String name, Value x, long dim, float eps, double gammaInit) {
        try (var s = b.scope(name)) {
            Value g = b.param("weight", ParamInit.constant(gammaInit), dim);
            Value beta = b.param("bias", ParamInit.zeros(), dim);
            return b.layerNorm(x, g, beta, eps);
        }
    }

    /** nn.Embedding(n, d) under scope {@code name}; returns the weight table [n, d]. */
    public static Value embeddingTable(GraphBuilder b, String name, long n, long d, ParamInit init) {
        try (var s = b.scope(name)) {
            return b.param("weight", init, n, d);
        }
    }
}
