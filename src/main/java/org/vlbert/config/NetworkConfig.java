package org.vlbert.config;

import java.util.List;

/**
 * {@code NETWORK}: checkpoint loading, image-feature settings, task heads and pretraining losses.
 * Keys that the config's task does not define hold the default of the task that does.
 */
public record NetworkConfig(String partialPretrain, List<PrefixChange> partialPretrainPrefixChanges,
                            boolean partialPretrainSegmbInit, boolean imageFeatPrecomputed, int imageFinalDim,
                            String bertModelName, String bertPretrained, int bertPretrainedEpoch,
                            String classifierType, boolean classifierPretrained, int classifierHiddenSize,
                            double classifierDropout, boolean classifierSigmoid,
                            double classifierSigmoidLossPositiveWeight, double ansLossWeight, boolean loadRelHead,
                            boolean withRelLoss, boolean withMlmLoss, boolean withMvrcLoss,
                            boolean mlmLossNormInBatchFirst, boolean mvrcLossNormInBatchFirst,
                            boolean enableCnnRegLoss, VlbertCoreConfig vlbert) {

    static NetworkConfig of(VlbertConfig c) {
        String p = "NETWORK.";
        List<PrefixChange> changes = c.getList(p + "PARTIAL_PRETRAIN_PREFIX_CHANGES", String.class).stream()
                .map(PrefixChange::parse).toList();
        return new NetworkConfig(c.getString(p + "PARTIAL_PRETRAIN"), changes,
                c.getBool(p + "PARTIAL_PRETRAIN_SEGMB_INIT"), c.getBool(p + "IMAGE_FEAT_PRECOMPUTED"),
                c.getInt(p + "IMAGE_FINAL_DIM"), c.getString(p + "BERT_MODEL_NAME"), c.getString(p + "BERT_PRETRAINED"),
                c.getInt(p + "BERT_PRETRAINED_EPOCH"), c.getString(p + "CLASSIFIER_TYPE"),
                c.getBool(p + "CLASSIFIER_PRETRAINED"), c.getInt(p + "CLASSIFIER_HIDDEN_SIZE"),
                c.getDouble(p + "CLASSIFIER_DROPOUT"), c.getBool(p + "CLASSIFIER_SIGMOID"),
                c.getDouble(p + "CLASSIFIER_SIGMOID_LOSS_POSITIVE_WEIGHT"), c.getDouble(p + "ANS_LOSS_WEIGHT"),
                c.getBool(p + "LOAD_REL_HEAD"), c.getBool(p + "WITH_REL_LOSS"), c.getBool(p + "WITH_MLM_LOSS"),
                c.getBool(p + "WITH_MVRC_LOSS"), c.getBool(p + "MLM_LOSS_NORM_IN_BATCH_FIRST"),
                c.getBool(p + "MVRC_LOSS_NORM_IN_BATCH_FIRST"), c.getBool(p + "ENABLE_CNN_REG_LOSS"),
                VlbertCoreConfig.of(c));
    }
}
