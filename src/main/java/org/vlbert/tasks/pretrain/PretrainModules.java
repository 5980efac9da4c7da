package org.vlbert.tasks.pretrain;

import org.vlbert.cli.VlbertException;
import org.vlbert.config.VlbertConfig;
import org.vlbert.graphs.model.vlbert.PretrainModel;

/**
 * Which pretraining wrapper a config asks for ({@code MODULE}, pretraining.md §1): the multitask
 * module (captions + text-only corpus) or the caption-only one. Without a MODULE the DATASET
 * decides: a list means multitask, a single mapping caption-only.
 */
public final class PretrainModules {
    public static final String MULTITASK = "ResNetVLBERTForPretrainingMultitask";
    public static final String CAPTIONS_ONLY = "ResNetVLBERTForPretraining";
    private static final String ATTENTION_VIS = "ResNetVLBERTForAttentionVis";

    private PretrainModules() {}

    public static PretrainModel.Module of(VlbertConfig cfg) {
        String module = cfg.general().module();
        return switch (module) {
            case MULTITASK -> PretrainModel.Module.MULTITASK;
            case CAPTIONS_ONLY -> PretrainModel.Module.CAPTIONS_ONLY;
            case "" -> cfg.hasDatasetList() && cfg.datasets().size() > 1 ? PretrainModel.Module.MULTITASK
                    : PretrainModel.Module.CAPTIONS_ONLY;
            case ATTENTION_VIS -> throw new VlbertException(cfg.source() + ": MODULE " + ATTENTION_VIS
                    + " only records attention maps for the reference's visualisation notebook; it does not train."
                    + " Use " + MULTITASK + " or " + CAPTIONS_ONLY);
            default -> throw new VlbertException(cfg.source() + ": MODULE '" + module + "' is not a pretraining"
                    + " module; use " + MULTITASK + " (captions + text corpus) or " + CAPTIONS_ONLY
                    + " (captions only)");
        };
    }
}
