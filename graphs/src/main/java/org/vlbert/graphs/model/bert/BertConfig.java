package org.vlbert.graphs.model.bert;

/**
 * The dimensions and constants of a BERT encoder (the {@code NETWORK.VLBERT} fields the layers
 * read). LayerNorm eps is 1e-12 and the attention mask adds -10000 in the reference.
 */
public record BertConfig(long hiddenSize, long numAttentionHeads, long intermediateSize,
                         float hiddenDropoutProb, float attentionProbsDropoutProb,
                         double initializerRange, float layerNormEps) {
    public static final float REFERENCE_LAYER_NORM_EPS = 1e-12f;

    public BertConfig {
        if (hiddenSize <= 0 || numAttentionHeads <= 0 || intermediateSize <= 0) {
            throw new IllegalArgumentException("BERT sizes must be positive: hidden " + hiddenSize + ", heads "
                    + numAttentionHeads + ", intermediate " + intermediateSize);
        }
        if (hiddenSize % numAttentionHeads != 0) {
            throw new IllegalArgumentException("hidden size " + hiddenSize + " is not a multiple of the number of"
                    + " attention heads " + numAttentionHeads);
        }
    }

    /** BERT-base: H 768, 12 heads, FF 3072, dropout 0.1, init std 0.02, eps 1e-12. */
    public static BertConfig base() {
        return new BertConfig(768, 12, 3072, 0.1f, 0.1f, 0.02, REFERENCE_LAYER_NORM_EPS);
    }

    public long headSize() {
        return hiddenSize / numAttentionHeads;
    }

    public BertConfig withDropout(float hidden, float attention) {
        return new BertConfig(hiddenSize, numAttentionHeads, intermediateSize, hidden, attention,
                initializerRange, layerNormEps);
    }
}
