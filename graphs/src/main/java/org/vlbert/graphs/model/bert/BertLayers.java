package org.vlbert.graphs.model.bert;

import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Dim;
import org.vlbert.graphs.ir.ParamInit;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.model.ModelContext;
import org.vlbert.graphs.model.Scopes;
import org.vlbert.graphs.tensor.DType;

/**
 * The BERT building blocks of the reference ({@code pytorch_pretrained_bert.modeling}): self
 * attention, self-output, intermediate, output, layer and encoder. Parameters are created under
 * the caller's current scope with the state-dict names ({@code encoder.layer.3.attention.self.query.weight},
 * ...), dropout sites are named after the dropout module's path, and initial values follow
 * BERT's {@code init_weights}: Linear weights N(0, initializer_range), biases 0, LayerNorm 1/0.
 */
public final class BertLayers {
    /** The additive value for masked keys (the reference uses -10000, not -inf). */
    public static final float MASKED_SCORE = -10000f;

    private final ModelContext ctx;
    private final GraphBuilder b;
    private final BertConfig cfg;

    public BertLayers(ModelContext ctx, BertConfig cfg) {
        this.ctx = ctx;
        this.b = ctx.b();
        this.cfg = cfg;
    }

    public BertConfig config() {
        return cfg;
    }

    /**
     * The additive attention mask {@code (1 - m) * -10000} of shape [B, 1, 1, L] from a 0/1 (or
     * bool) key mask {@code m} of shape [B, L]; it masks keys only.
     */
    public Value attentionMask(Value keyMask) {
        Value m = b.cast(keyMask, DType.FLOAT);
        Value additive = b.mul(b.sub(b.scalar(1f), m), MASKED_SCORE);
        return b.unsqueeze(additive, 1, 2);
    }

    /** {@code nn.Linear(in, out)} named {@code scope}: weight [out, in] ~ N(0, range), bias zeros. */
    public Value linear(String scope, Value x, long out) {
        long in = x.shape().get(-1).size();
        return Scopes.in(b, scope, () -> {
            Value w = b.param("weight", ParamInit.normal(cfg.initializerRange()), out, in);
            Value bias = b.param("bias", ParamInit.zeros(), out);
            return b.linear(x, w, bias);
        });
    }

    /** {@code BertLayerNorm} named {@code scope} over the last axis, eps from the config. */
    public Value layerNorm(String scope, Value x) {
        long h = x.shape().get(-1).size();
        return Scopes.in(b, scope, () -> {
            Value gamma = b.param("weight", ParamInit.ones(), h);
            Value beta = b.param("bias", ParamInit.zeros(), h);
            return b.layerNorm(x, gamma, beta, cfg.layerNormEps());
        });
    }

    /**
     * {@code BertSelfAttention} in the current scope: softmax(Q Kᵀ / sqrt(dh) + M) V with
     * dropout on the probabilities, heads split head-major from the hidden axis.
     */
    public Value selfAttention(Value h, Value additiveMask) {
        long heads = cfg.numAttentionHeads();
        long dh = cfg.headSize();
        long hidden = cfg.hiddenSize();
        Value q = b.transpose(b.reshape(linear("query", h, hidden), 0, 0, heads, dh), 0, 2, 1, 3);
        Value kt = b.transpose(b.reshape(linear("key", h, hidden), 0, 0, heads, dh), 0, 2, 3, 1);
        Value v = b.transpose(b.reshape(linear("value", h, hidden), 0, 0, heads, dh), 0, 2, 1, 3);
        Value scores = b.div(b.matmul(q, kt), b.scalar((float) Math.sqrt(dh)));
        scores = b.add(scores, additiveMask);
        Value probs = ctx.dropout(b.softmax(scores, -1), cfg.attentionProbsDropoutProb());
        Value context = b.transpose(b.matmul(probs, v), 0, 2, 1, 3);
        Shape merged = h.shape().with(-1, Dim.of(hidden));
        return b.reshape(context, merged, b.longs(0, 0, hidden));
    }

    /** {@code BertSelfOutput} / {@code BertOutput}: LayerNorm(dropout(dense(x)) + residual). */
    private Value denseDropoutAddNorm(Value x, Value residual) {
        Value y = linear("dense", x, residual.shape().get(-1).size());
        y = ctx.dropout(y, cfg.hiddenDropoutProb());
        return layerNorm("LayerNorm", b.add(y, residual));
    }

    /** {@code BertAttention}: scopes {@code attention.self} and {@code attention.output}. */
    public Value attention(Value h, Value additiveMask) {
        return Scopes.in(b, "attention", () -> {
            Value context = Scopes.in(b, "self", () -> selfAttention(h, additiveMask));
            return Scopes.in(b, "output", () -> denseDropoutAddNorm(context, h));
        });
    }

    /** {@code BertIntermediate}: gelu(dense(a)), the exact erf GELU. */
    public Value intermediate(Value a) {
        return Scopes.in(b, "intermediate", () -> b.gelu(linear("dense", a, cfg.intermediateSize())));
    }

    /** {@code BertOutput}: LayerNorm(dropout(dense(i)) + a). */
    public Value output(Value i, Value a) {
        return Scopes.in(b, "output", () -> denseDropoutAddNorm(i, a));
    }

    /** One post-LN {@code BertLayer} in the current scope. */
    public Value layer(Value h, Value additiveMask) {
        Value a = attention(h, additiveMask);
        return output(intermediate(a), a);
    }

    /** {@code BertEncoder}: {@code encoder.layer.0 .. n-1} applied in sequence; returns the last output. */
    public Value encoder(Value h, Value additiveMask, int numLayers) {
        return Scopes.in(b, "encoder", () -> Scopes.in(b, "layer", () -> {
            Value x = h;
            for (int i = 0; i < numLayers; i++) {
                Value in = x;
                x = Scopes.in(b, Integer.toString(i), () -> layer(in, additiveMask));
            }
            return x;
        }));
    }
}
