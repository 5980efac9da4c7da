package org.vlbert.config;

/** {@code NETWORK.VLBERT}: the hyper-parameters of the VL-BERT encoder (model.md §1). */
public record VlbertCoreConfig(int vocabSize, int hiddenSize, int visualSize, int numHiddenLayers,
                               int numAttentionHeads, int intermediateSize, String hiddenAct,
                               double hiddenDropoutProb, double attentionProbsDropoutProb,
                               int maxPositionEmbeddings, int typeVocabSize, double initializerRange,
                               double visualScaleTextInit, double visualScaleObjectInit, boolean visualLn,
                               int objectWordEmbedMode, boolean withPooler, int positionPaddingIdx,
                               boolean wordEmbeddingFrozen, boolean posEmbeddingFrozen, boolean fromScratch,
                               int visualRegionClasses) {

    static VlbertCoreConfig of(VlbertConfig c) {
        String p = "NETWORK.VLBERT.";
        return new VlbertCoreConfig(c.getInt(p + "vocab_size"), c.getInt(p + "hidden_size"),
                c.getInt(p + "visual_size"), c.getInt(p + "num_hidden_layers"), c.getInt(p + "num_attention_heads"),
                c.getInt(p + "intermediate_size"), c.getString(p + "hidden_act"),
                c.getDouble(p + "hidden_dropout_prob"), c.getDouble(p + "attention_probs_dropout_prob"),
                c.getInt(p + "max_position_embeddings"), c.getInt(p + "type_vocab_size"),
                c.getDouble(p + "initializer_range"), c.getDouble(p + "visual_scale_text_init"),
                c.getDouble(p + "visual_scale_object_init"), c.getBool(p + "visual_ln"),
                c.getInt(p + "object_word_embed_mode"), c.getBool(p + "with_pooler"),
                c.getInt(p + "position_padding_idx"), c.getBool(p + "word_embedding_frozen"),
                c.getBool(p + "pos_embedding_frozen"), c.getBool(p + "from_scratch"),
                c.getInt(p + "visual_region_classes"));
    }

    /** Width of one attention head (hidden_size / num_attention_heads; the loader checks divisibility). */
    public int headSize() {
        return hiddenSize / numAttentionHeads;
    }
}
