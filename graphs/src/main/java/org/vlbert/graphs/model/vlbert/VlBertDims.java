package org.vlbert.graphs.model.vlbert;

/**
 * The VL-BERT core's hyper-parameters ({@code NETWORK.VLBERT.*} of the reference config), plus the
 * special token ids the task wrappers insert.
 */
public record VlBertDims(
        long vocabSize,
        long hiddenSize,
        long visualSize,
        int numHiddenLayers,
        int numAttentionHeads,
        long intermediateSize,
        float hiddenDropoutProb,
        float attentionProbsDropoutProb,
        long maxPositionEmbeddings,
        long typeVocabSize,
        double initializerRange,
        boolean visualLn,
        double visualScaleTextInit,
        double visualScaleObjectInit,
        boolean withPooler,
        long positionPaddingIdx,
        long clsId,
        long sepId,
        long maskId) {

    /** LayerNorm epsilon used by every VL-BERT LayerNorm (TF style, inside the sqrt). */
    public static final float LN_EPS = 1e-12f;

    public VlBertDims {
        if (hiddenSize % numAttentionHeads != 0) {
            throw new IllegalArgumentException("hidden_size " + hiddenSize + " is not a multiple of num_attention_heads "
                    + numAttentionHeads);
        }
    }

    public long headSize() {
        return hiddenSize / numAttentionHeads;
    }

    /** A copy with both dropout probabilities set (e.g. 0 for parity runs). */
    public VlBertDims withDropout(float hidden, float attention) {
        return new VlBertDims(vocabSize, hiddenSize, visualSize, numHiddenLayers, numAttentionHeads, intermediateSize,
                hidden, attention, maxPositionEmbeddings, typeVocabSize, initializerRange, visualLn,
                visualScaleTextInit, visualScaleObjectInit, withPooler, positionPaddingIdx, clsId, sepId, maskId);
    }
}
