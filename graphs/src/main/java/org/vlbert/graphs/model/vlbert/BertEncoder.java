package org.vlbert.graphs.model.vlbert;

import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.model.Dropout;
import org.vlbert.graphs.model.Modules;

/**
 * The BERT encoder stack (post-LN transformer layers) with the reference parameter names
 * {@code encoder.layer.{i}.attention.self.query.weight} etc. (model.md §2.3).
 */
public final class BertEncoder {
    private BertEncoder() {}

    /**
     * Runs every layer over {@code h} [B, L, H] with the additive key mask {@code mask}
     * [B, 1, 1, L]; returns the output of each layer.
     */
    public static Value[] encode(GraphBuilder b, VlBertDims d, Dropout dropout, Value h, Value mask) {
        Value[] outs = new Value[d.numHiddenLayers()];
        try (var enc = b.scope("encoder")) {
            for (int i = 0; i < d.numHiddenLayers(); i++) {
                try (var layer = b.scope("layer." + i)) {
                    h = layer(b, d, dropout, h, mask);
                    outs[i] = h;
                }
            }
        }
        return outs;
    }

    private static Value layer(GraphBuilder b, VlBertDims d, Dropout dropout, Value h, Value mask) {
        long hs = d.hiddenSize();
        double std = d.initializerRange();
        Value attended;
        try (var att = b.scope("attention")) {
            Value ctx;
            try (var self = b.scope("self")) {
                ctx = selfAttention(b, d, dropout, h, mask);
            }
            try (var out = b.scope("output")) {
                Value proj = Modules.bertLinear(b, "dense", ctx, hs, hs, std);
                proj = dropout.apply(b, b.qualified("dropout"), proj, d.hiddenDropoutProb());
                attended = Modules.layerNorm(b, "LayerNorm", b.add(proj, h), hs, VlBertDims.LN_EPS, 1.0);
            }
        }
        Value inter;
        try (var im = b.scope("intermediate")) {
            inter = b.gelu(Modules.bertLinear(b, "dense", attended, hs, d.intermediateSize(), std));
        }
        try (var out = b.scope("output")) {
            Value proj = Modules.bertLinear(b, "dense", inter, d.intermediateSize(), hs, std);
            proj = dropout.apply(b, b.qualified("dropout"), proj, d.hiddenDropoutProb());
            return Modules.layerNorm(b, "LayerNorm", b.add(proj, attended), hs, VlBertDims.LN_EPS, 1.0);
        }
    }

    /** Multi-head scaled dot-product attention (BertSelfAttention). */
    private static Value selfAttention(GraphBuilder b, VlBertDims d, Dropout dropout, Value h, Value mask) {
        long hs = d.hiddenSize();
        long nh = d.numAttentionHeads();
        long dh = d.headSize();
        double std = d.initializerRange();
        Value q = heads(b, Modules.bertLinear(b, "query", h, hs, hs, std), nh, dh);
        Value k = heads(b, Modules.bertLinear(b, "key", h, hs, hs, std), nh, dh);
        Value v = heads(b, Modules.bertLinear(b, "value", h, hs, hs, std), nh, dh);
        Value scores = b.matmulMixed(q, b.transpose(k, 0, 1, 3, 2));
        scores = b.add(b.div(scores, b.scalar((float) Math.sqrt(dh))), mask);
        Value probs = b.softmax(scores, -1);
        probs = dropout.apply(b, b.qualified("dropout"), probs, d.attentionProbsDropoutProb());
        Value ctx = b.matmulMixed(probs, v);                      // [B, nh, L, dh]
        ctx = b.transpose(ctx, 0, 2, 1, 3);                  // [B, L, nh, dh]
        return b.reshape(ctx, 0, 0, hs);
    }

    /** [B, L, H] -> [B, nh, L, dh]. */
    private static Value heads(GraphBuilder b, Value x, long nh, long dh) {
        return b.transpose(b.reshape(x, 0, 0, nh, dh), 0, 2, 1, 3);
    }
}
