package org.vlbert.graphs.model.toy;

import java.util.List;
import java.util.Map;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.ParamInit;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.model.Dropout;
import org.vlbert.graphs.model.Modules;
import org.vlbert.graphs.model.TaskGraph;
import org.vlbert.graphs.model.vlbert.BertEncoder;
import org.vlbert.graphs.model.vlbert.VlBertDims;
import org.vlbert.graphs.tensor.DType;

/**
 * A small BERT sequence classifier (the layout of {@code BertForSequenceClassification} without
 * token types) for tests, demos and benchmarks: word + learned position embeddings, LayerNorm,
 * dropout, the {@link BertEncoder} stack, a tanh pooler over the first ([CLS]) position, dropout
 * and a linear classifier with softmax cross-entropy.
 *
 * <p>Inputs: {@code input_ids} int64 [batch, seq_len], {@code attention_mask} int64
 * [batch, seq_len] (1 = token, 0 = padding), {@code labels} int64 [batch] (with loss only).
 * Output: {@code logits} float [batch, num_classes].
 */
public final class TinyTransformerClassifier implements TaskGraph {
    public static final String TASK = "toy-classifier";

    /** The classifier's sizes. */
    public record Config(long vocabSize, long maxPositions, int numLayers, long hiddenSize, int numAttentionHeads,
                         long intermediateSize, long numClasses, float hiddenDropoutProb,
                         float attentionProbsDropoutProb) {
        public Config {
            if (vocabSize <= 0 || maxPositions <= 0 || numLayers <= 0 || numClasses <= 1) {
                throw new IllegalArgumentException("toy classifier needs vocab > 0, positions > 0, layers > 0 and at"
                        + " least two classes, got " + vocabSize + ", " + maxPositions + ", " + numLayers + ", "
                        + numClasses);
            }
        }

        /** The built-in sizes: vocab 16, 16 positions, 2 layers, H 32, 2 heads, FF 64, 2 classes, dropout 0.1. */
        public static Config defaults() {
            return new Config(16, 16, 2, 32, 2, 64, 2, 0.1f, 0.1f);
        }

        /** BERT-base sizes (vocab 30522, 512 positions, 12 layers, H 768, 12 heads, FF 3072) with a binary head. */
        public static Config bertBase() {
            return new Config(30522, 512, 12, 768, 12, 3072, 2, 0.1f, 0.1f);
        }

        public Config withDropout(float hidden, float attention) {
            return new Config(vocabSize, maxPositions, numLayers, hiddenSize, numAttentionHeads, intermediateSize,
                    numClasses, hidden, attention);
        }

        /** The encoder's view of these sizes (the VL-BERT-only fields are unused by the encoder). */
        public VlBertDims encoderDims() {
            return new VlBertDims(vocabSize, hiddenSize, hiddenSize, numLayers, numAttentionHeads, intermediateSize,
                    hiddenDropoutProb, attentionProbsDropoutProb, maxPositions, 1, 0.02, false, 0, 0, false, -1,
                    1, 2, 3);
        }
    }

    private final Config cfg;

    public TinyTransformerClassifier(Config cfg) {
        this.cfg = cfg;
    }

    public Config config() {
        return cfg;
    }

    @Override
    public String task() {
        return TASK;
    }

    @Override
    public Result build(GraphBuilder b, Dropout dropout, boolean withLoss) {
        VlBertDims d = cfg.encoderDims();
        long hidden = cfg.hiddenSize();
        Value ids = b.input("input_ids", DType.INT64, "batch", "seq_len");
        Value keyMask = b.input("attention_mask", DType.INT64, "batch", "seq_len");
        Value labels = withLoss ? b.input("labels", DType.INT64, "batch") : null;

        Value embedded = b.inScope("embeddings", () -> {
            Value words = Modules.embeddingTable(b, "word_embeddings", cfg.vocabSize(), hidden,
                    ParamInit.normal(d.initializerRange()));
            Value positions = Modules.embeddingTable(b, "position_embeddings", cfg.maxPositions(), hidden,
                    ParamInit.normal(d.initializerRange()));
            Value sum = b.add(b.gather(words, ids, 0), firstRows(b, positions, ids));
            Value normed = Modules.layerNorm(b, "LayerNorm", sum, hidden, VlBertDims.LN_EPS, 1.0);
            return dropout.apply(b, b.qualified("dropout"), normed, cfg.hiddenDropoutProb());
        });
        // (1 - m) * -10000 on the keys, [batch, 1, 1, seq_len] (model.md §2.4).
        Value additive = b.unsqueeze(b.mul(b.sub(b.scalar(1f), b.cast(keyMask, DType.FLOAT)), -10000f), 1, 2);
        Value[] layers = BertEncoder.encode(b, d, dropout, embedded, additive);
        Value encoded = layers[layers.length - 1];

        Value first = b.squeeze(b.slice(encoded, 1, 0, 1), 1);
        Value pooled = b.inScope("pooler", () ->
                b.tanh(Modules.bertLinear(b, "dense", first, hidden, hidden, d.initializerRange())));
        Value dropped = dropout.apply(b, b.qualified("dropout"), pooled, cfg.hiddenDropoutProb());
        Value logits = Modules.bertLinear(b, "classifier", dropped, hidden, cfg.numClasses(), d.initializerRange());
        Value loss = withLoss ? b.softmaxCrossEntropy(logits, labels, -100) : null;
        return new Result(Map.of("logits", logits), loss, Map.of(), Map.of());
    }

    /** table[0 : seq_len], the embeddings of positions 0 .. seq_len-1. */
    private static Value firstRows(GraphBuilder b, Value table, Value ids) {
        Value seqLen = b.shapeOf(ids, 1, 2);
        return b.op("Slice", List.of(table, b.longs(0), seqLen, b.longs(0)), Map.of(), table.dtype(),
                Shape.of(ids.shape().get(1), table.shape().get(1)));
    }
}
