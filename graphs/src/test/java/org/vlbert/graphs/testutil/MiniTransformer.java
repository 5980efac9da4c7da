package org.vlbert.graphs.testutil;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Param;
import org.vlbert.graphs.ir.ParamInit;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * A tiny BERT-style encoder for whole-graph tests: word/position/token-type embeddings, LayerNorm,
 * multi-head self-attention with an additive padding mask, GELU feed-forward, dropout with fed
 * masks, an MLM head with softmax cross-entropy (ignore index -100) and a pooled binary head with
 * BCE-with-logits. Batch and sequence length are symbolic.
 */
public final class MiniTransformer {
    public static final int VOCAB = 11;
    public static final int HIDDEN = 8;
    public static final int HEADS = 2;
    public static final int FFN = 16;
    public static final int LAYERS = 2;
    public static final int MAX_POS = 6;
    public static final float DROP = 0.1f;

    /** The graph inputs and the scalar loss. */
    public record Built(Map<String, Value> inputs, Value loss, Value mlmLogits) {}

    private MiniTransformer() {}

    /** Declares the inputs and builds the forward graph and loss. */
    public static Built build(GraphBuilder b) {
        Map<String, Value> in = new LinkedHashMap<>();
        for (String name : new String[] {"input_ids", "token_type_ids", "position_ids", "attention_mask",
                "mlm_labels"}) {
            in.put(name, b.input(name, DType.INT64, "batch", "seq"));
        }
        in.put("dropout_mask", b.input("dropout_mask", DType.BOOL, Shape.of("batch", "seq", HIDDEN)));
        in.put("cls_target", b.input("cls_target", DType.FLOAT, Shape.of("batch", 1)));
        return build(b, in);
    }

    /** Builds on inputs declared elsewhere (e.g. by {@link GradCheck}). */
    public static Built build(GraphBuilder b, Map<String, Value> in) {
        Value emb = b.inScope("embeddings", () -> {
            Value words = b.gather(b.param("word_embeddings.weight", ParamInit.normal(0.02), VOCAB, HIDDEN),
                    in.get("input_ids"), 0);
            Value pos = b.gather(b.param("position_embeddings.weight", ParamInit.normal(0.02), MAX_POS, HIDDEN),
                    in.get("position_ids"), 0);
            Value types = b.gather(b.frozenParam("token_type_embeddings.weight", ParamInit.normal(0.02), 2, HIDDEN),
                    in.get("token_type_ids"), 0);
            Value h = layerNorm(b, b.add(b.add(words, pos), types), "LayerNorm");
            return b.dropout(h, in.get("dropout_mask"), DROP);
        });
        // [batch, 1, 1, seq] additive mask: 0 where attended, -10000 where padded.
        Value keep = b.cast(in.get("attention_mask"), DType.FLOAT);
        Value maskBias = b.unsqueeze(b.mul(b.sub(b.scalar(1f), keep), -10000f), 1, 2);
        Value h = emb;
        for (int l = 0; l < LAYERS; l++) {
            Value x = h;
            h = b.inScope("encoder.layer." + l, () -> layer(b, x, maskBias));
        }
        Value hidden = h;
        Value logits = b.inScope("cls.predictions", () -> {
            Value t = b.gelu(linear(b, hidden, "transform.dense", HIDDEN, HIDDEN));
            t = layerNorm(b, t, "transform.LayerNorm");
            return linear(b, t, "decoder", HIDDEN, VOCAB);
        });
        Value flatLogits = b.reshape(logits, -1, VOCAB);
        Value flatLabels = b.reshape(in.get("mlm_labels"), -1);
        Value mlm = b.softmaxCrossEntropy(flatLogits, flatLabels, -100);
        Value pooled = b.inScope("pooler",
                () -> b.tanh(linear(b, b.gather(hidden, b.longScalar(0), 1), "dense", HIDDEN, HIDDEN)));
        Value clsLogit = b.inScope("cls.binary", () -> linear(b, pooled, "dense", HIDDEN, 1));
        Value bce = b.meanAll(b.bceWithLogits(clsLogit, in.get("cls_target")));
        return new Built(in, b.add(mlm, bce), logits);
    }

    private static Value layer(GraphBuilder b, Value x, Value maskBias) {
        int dh = HIDDEN / HEADS;
        Value ctx = b.inScope("attention.self", () -> {
            Value q = heads(b, linear(b, x, "query", HIDDEN, HIDDEN), dh);
            Value k = heads(b, linear(b, x, "key", HIDDEN, HIDDEN), dh);
            Value v = heads(b, linear(b, x, "value", HIDDEN, HIDDEN), dh);
            Value scores = b.mul(b.matmul(q, b.transpose(k, 0, 1, 3, 2)), (float) (1.0 / Math.sqrt(dh)));
            Value probs = b.softmax(b.add(scores, maskBias), -1);
            return b.reshape(b.transpose(b.matmul(probs, v), 0, 2, 1, 3), 0, 0, HIDDEN);
        });
        Value att = b.inScope("attention.output",
                () -> layerNorm(b, b.add(linear(b, ctx, "dense", HIDDEN, HIDDEN), x), "LayerNorm"));
        Value mid = b.inScope("intermediate", () -> b.gelu(linear(b, att, "dense", HIDDEN, FFN)));
        return b.inScope("output", () -> layerNorm(b, b.add(linear(b, mid, "dense", FFN, HIDDEN), att), "LayerNorm"));
    }

    /** [batch, seq, hidden] -> [batch, heads, seq, dh] */
    private static Value heads(GraphBuilder b, Value x, int dh) {
        return b.transpose(b.reshape(x, 0, 0, HEADS, dh), 0, 2, 1, 3);
    }

    private static Value linear(GraphBuilder b, Value x, String name, int in, int out) {
        return b.inScope(name, () -> b.linear(x, b.param("weight", ParamInit.normal(0.02), out, in),
                b.param("bias", ParamInit.zeros(), out)));
    }

    private static Value layerNorm(GraphBuilder b, Value x, String name) {
        return b.inScope(name, () -> b.layerNorm(x, b.param("weight", ParamInit.ones(), HIDDEN),
                b.param("bias", ParamInit.zeros(), HIDDEN), 1e-12f));
    }

    /**
     * Well-conditioned parameter values for gradient checks: weights U(-0.5, 0.5), LayerNorm
     * gains in [0.7, 1.3], biases U(-0.2, 0.2). (BERT's N(0, 0.02) would make gradients tiny.)
     */
    public static HostTensor testValue(Param p) {
        long seed = p.name().hashCode();
        if (p.name().endsWith("LayerNorm.weight")) {
            return GradCheck.uniform(seed, 0.7f, 1.3f, p.shape());
        }
        if (p.name().endsWith("bias")) {
            return GradCheck.random(p.shape(), seed, 0.2f);
        }
        return GradCheck.random(p.shape(), seed, 0.5f);
    }

    /** A batch of 2 sequences of length 5, the second padded after 3 tokens. */
    public static Map<String, HostTensor> testBatch() {
        long[] bs = {2, 5};
        Map<String, HostTensor> f = new LinkedHashMap<>();
        f.put("input_ids", Tensors.longs(bs, 1, 4, 7, 4, 2, 3, 9, 10, 0, 0));
        f.put("token_type_ids", Tensors.longs(bs, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0));
        f.put("position_ids", Tensors.longs(bs, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4));
        f.put("attention_mask", Tensors.longs(bs, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0));
        f.put("mlm_labels", Tensors.longs(bs, -100, 5, -100, 4, -100, 8, -100, -100, -100, -100));
        boolean[] keep = new boolean[2 * 5 * HIDDEN];
        Random rnd = new Random(5);
        for (int i = 0; i < keep.length; i++) {
            keep[i] = rnd.nextFloat() >= DROP;
        }
        f.put("dropout_mask", Tensors.bools(new long[] {2, 5, HIDDEN}, keep));
        f.put("cls_target", HostTensor.ofFloats(new long[] {2, 1}, 1f, 0f));
        return f;
    }
}
