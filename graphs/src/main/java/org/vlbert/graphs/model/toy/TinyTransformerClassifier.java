package org.vlbert.graphs.model.toy;

import java.util.List;
import java.util.Map;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Dim;
import org.vlbert.graphs.ir.ParamInit;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.model.ModelContext;
import org.vlbert.graphs.model.ModelDefinition;
import org.vlbert.graphs.model.ModelOutputs;
import org.vlbert.graphs.model.Scopes;
import org.vlbert.graphs.model.bert.BertConfig;
import org.vlbert.graphs.model.bert.BertLayers;
import org.vlbert.graphs.tensor.DType;

/**
 * A small BERT-style sequence classifier built with the DSL, laid out like
 * {@code BertForSequenceClassification} without token types: word + learned position embeddings,
 * LayerNorm, dropout, a {@link BertLayers} encoder, a tanh pooler over the first ([CLS]) position,
 * dropout and a linear classifier; softmax cross-entropy loss.
 *
 * <p>Inputs: {@code input_ids} int64 [batch, seq_len], {@code attention_mask} int64
 * [batch, seq_len] (1 = token, 0 = padding), {@code labels} int64 [batch] (train/eval only).
 * Output: {@code logits} float [batch, num_classes].
 */
public final class TinyTransformerClassifier implements ModelDefinition {
    public static final String TASK = "toy-classifier";

    /** The classifier's dimensions. */
    public record Config(long vocabSize, long maxPositions, int numLayers, long numClasses, BertConfig bert) {
        public Config {
            if (vocabSize <= 0 || maxPositions <= 0 || numLayers <= 0 || numClasses <= 1) {
                throw new IllegalArgumentException("toy classifier needs vocab > 0, positions > 0, layers > 0 and"
                        + " at least two classes, got " + vocabSize + ", " + maxPositions + ", " + numLayers
                        + ", " + numClasses);
            }
        }

        /** The built-in defaults: vocab 16, 16 positions, 2 layers, H 32, 2 heads, FF 64, 2 classes. */
        public static Config defaults() {
            return new Config(16, 16, 2, 2, new BertConfig(32, 2, 64, 0.1f, 0.1f, 0.02,
                    BertConfig.REFERENCE_LAYER_NORM_EPS));
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
    public ModelOutputs build(ModelContext ctx) {
        GraphBuilder b = ctx.b();
        BertLayers bert = new BertLayers(ctx, cfg.bert());
        long hidden = cfg.bert().hiddenSize();
        Value ids = b.input("input_ids", DType.INT64, "batch", "seq_len");
        Value keyMask = b.input("attention_mask", DType.INT64, "batch", "seq_len");
        Value labels = ctx.mode().hasLoss() ? b.input("labels", DType.INT64, "batch") : null;

        Value embedded = Scopes.in(b, "embeddings", () -> {
            Value words = b.param("word_embeddings.weight", ParamInit.normal(cfg.bert().initializerRange()),
                    cfg.vocabSize(), hidden);
            Value positions = b.param("position_embeddings.weight",
                    ParamInit.normal(cfg.bert().initializerRange()), cfg.maxPositions(), hidden);
            Value sum = b.add(b.gather(words, ids, 0), firstRows(b, positions, ids));
            return ctx.dropout(bert.layerNorm("LayerNorm", sum), cfg.bert().hiddenDropoutProb());
        });
        Value encoded = bert.encoder(embedded, bert.attentionMask(keyMask), cfg.numLayers());

        Value first = b.squeeze(b.slice(encoded, 1, 0, 1), 1);
        Value pooled = Scopes.in(b, "pooler", () -> b.tanh(bert.linear("dense", first, hidden)));
        Value logits = bert.linear("classifier", ctx.dropout(pooled, cfg.bert().hiddenDropoutProb()),
                cfg.numClasses());
        Value loss = labels == null ? null : b.softmaxCrossEntropy(logits, labels, -100);
        return new ModelOutputs(loss, Map.of("logits", logits));
    }

    /** table[0 : seq_len] (the position embeddings of positions 0..seq_len-1). */
    private static Value firstRows(GraphBuilder b, Value table, Value ids) {
        Value seqLen = b.shapeOf(ids, 1, 2);
        Dim len = ids.shape().get(1);
        return b.op("Slice", List.of(table, b.longs(0), seqLen, b.longs(0)), Map.of(), table.dtype(),
                Shape.of(len, table.shape().get(1)));
    }
}
