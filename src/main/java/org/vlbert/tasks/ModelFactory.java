package org.vlbert.tasks;

import org.vlbert.cli.VlbertException;
import org.vlbert.config.NetworkConfig;
import org.vlbert.config.VlbertConfig;
import org.vlbert.config.VlbertCoreConfig;
import org.vlbert.graphs.model.TaskGraph;
import org.vlbert.graphs.model.visual.ResNetSpec;
import org.vlbert.graphs.model.vlbert.PretrainLosses;
import org.vlbert.graphs.model.vlbert.PretrainModel;
import org.vlbert.graphs.model.vlbert.RefcocoModel;
import org.vlbert.graphs.model.vlbert.VcrModel;
import org.vlbert.graphs.model.vlbert.VlBertDims;
import org.vlbert.graphs.model.vlbert.VqaModel;
import org.vlbert.tasks.pretrain.PretrainModules;

/** Builds a task's model graph definition from a resolved config (NETWORK.* keys). */
public final class ModelFactory {
    private ModelFactory() {}

    public static TaskGraph create(VlbertConfig cfg) {
        return create(cfg, SpecialTokens.fromBertDir(cfg.network().bertModelName()));
    }

    public static TaskGraph create(VlbertConfig cfg, SpecialTokens tokens) {
        NetworkConfig n = cfg.network();
        VlBertDims dims = dims(n.vlbert(), tokens);
        return switch (cfg.task()) {
            case VQA -> {
                requirePrecomputed(cfg, n);
                yield new VqaModel(dims, n.imageFinalDim(), cfg.dataset().answerVocabSize(), classifier(n.classifierType()),
                        (float) n.classifierDropout(), n.classifierHiddenSize());
            }
            case VCR -> new VcrModel(dims, n.imageFinalDim(), new VcrModel.Options(classifier(n.classifierType()),
                    (float) n.classifierDropout(), n.classifierHiddenSize(), n.classifierSigmoid(),
                    (float) n.classifierSigmoidLossPositiveWeight(), (float) n.ansLossWeight(), n.enableCnnRegLoss(),
                    cfg.getBool("NETWORK.CNN_LOSS_TOP"), (float) cfg.getDouble("NETWORK.CNN_REG_DROPOUT"),
                    (float) cfg.getDouble("NETWORK.CNN_LOSS_WEIGHT"), n.vlbert().objectWordEmbedMode()), visual(cfg));
            case REFCOCO -> new RefcocoModel(dims, n.imageFinalDim(), (float) n.classifierDropout(), visual(cfg));
            case PRETRAIN -> {
                if (!n.withMlmLoss()) {
                    throw new VlbertException(cfg.source() + ": NETWORK.WITH_MLM_LOSS=false is not supported (the"
                            + " reference multitask pretraining module requires the MLM loss, and every shipped"
                            + " pretraining config has it on)");
                }
                PretrainModel model = new PretrainModel(dims, n.imageFinalDim(), n.vlbert().visualRegionClasses(),
                        n.withRelLoss(), n.withMvrcLoss(),
                        PretrainLosses.Normalization.fromNormInBatchFirst(n.mlmLossNormInBatchFirst()),
                        PretrainLosses.Normalization.fromNormInBatchFirst(n.mvrcLossNormInBatchFirst()));
                if (PretrainModules.of(cfg) == PretrainModel.Module.CAPTIONS_ONLY) {
                    model = model.captionsOnly();
                }
                yield n.imageFeatPrecomputed() ? model : pixels(cfg, model);
            }
        };
    }

    private static void requirePrecomputed(VlbertConfig cfg, NetworkConfig n) {
        if (!n.imageFeatPrecomputed()) {
            throw new VlbertException(cfg.source() + ": NETWORK.IMAGE_FEAT_PRECOMPUTED=false (end-to-end ResNet"
                    + " features from pixels) is implemented for VCR, RefCOCO+ and pretraining only; for " + cfg.task()
                    + " use precomputed region features (--set NETWORK.IMAGE_FEAT_PRECOMPUTED=true)");
        }
    }

    /** Pretraining on pixels (the e2e configs): the ResNet, and how masked regions are hidden. */
    private static PretrainModel pixels(VlbertConfig cfg, PretrainModel model) {
        try {
            return model.fromPixels(VisualSettings.spec(cfg), cfg.getBool("NETWORK.MASK_RAW_PIXELS"));
        } catch (IllegalArgumentException e) {
            throw new VlbertException(cfg.source() + ": " + e.getMessage(), e);
        }
    }

    /** The pixel path's ResNet when IMAGE_FEAT_PRECOMPUTED is false, else null (precomputed features). */
    private static ResNetSpec visual(VlbertConfig cfg) {
        return cfg.network().imageFeatPrecomputed() ? null : VisualSettings.spec(cfg);
    }

    static VlBertDims dims(VlbertCoreConfig v, SpecialTokens t) {
        return new VlBertDims(v.vocabSize(), v.hiddenSize(), v.visualSize(), v.numHiddenLayers(), v.numAttentionHeads(),
                v.intermediateSize(), (float) v.hiddenDropoutProb(), (float) v.attentionProbsDropoutProb(),
                v.maxPositionEmbeddings(), v.typeVocabSize(), v.initializerRange(), v.visualLn(),
                v.visualScaleTextInit(), v.visualScaleObjectInit(), v.withPooler(), v.positionPaddingIdx(),
                t.cls(), t.sep(), t.mask());
    }

    static VqaModel.Classifier classifier(String type) {
        return switch (type) {
            case "mlm" -> VqaModel.Classifier.MLM;
            case "1fc" -> VqaModel.Classifier.ONE_FC;
            case "2fc" -> VqaModel.Classifier.TWO_FC;
            default -> throw new VlbertException("NETWORK.CLASSIFIER_TYPE '" + type + "' is unknown; use mlm, 1fc or 2fc");
        };
    }
}
