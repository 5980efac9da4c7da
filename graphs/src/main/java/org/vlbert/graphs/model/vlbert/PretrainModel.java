package org.vlbert.graphs.model.vlbert;

import java.util.LinkedHashMap;
import java.util.Map;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Dim;
import org.vlbert.graphs.ir.ParamInit;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.model.Dropout;
import org.vlbert.graphs.model.Modules;
import org.vlbert.graphs.model.TaskGraph;
import org.vlbert.graphs.model.visual.PixelRegionFeatures;
import org.vlbert.graphs.model.visual.ResNetSpec;
import org.vlbert.graphs.model.vlbert.PretrainLosses.Normalization;
import org.vlbert.graphs.model.vlbert.PretrainLosses.TargetLosses;
import org.vlbert.graphs.tensor.DType;

/**
 * Multitask VL-BERT pretraining ({@code ResNetVLBERTForPretrainingMultitask}, pretraining.md
 * §4.2) on precomputed region features: masked language modelling on captions with visual clues
 * (WVC) and on a text-only corpus (AUX), and masked RoI classification with soft labels (MVRC),
 * all in ONE VL-BERT call over the caption rows followed by the corpus rows.
 *
 * <p>Inputs (the reference's positional order, labels only with the loss): {@code boxes}
 * [B, N, 4+2048], {@code im_info} [B, 5], {@code text} [B, Lc], {@code relationship_label} [B]
 * (only with the relationship task), {@code mlm_labels} [B, Lc], {@code mvrc_ops} [B, N],
 * {@code mvrc_labels} [B, N, C] (only with MVRC), {@code aux_text} [B2, La],
 * {@code aux_mlm_labels} [B2, La]. Outputs: {@code mlm_logits_wvc} [B, Lm, V],
 * {@code mlm_logits_aux} [B2, Lm, V] (Lm = max(Lc, La)), {@code mvrc_logits} [B, N, C] (−10000
 * for boxes past the batch's largest real-box count), {@code relationship_logits} [B, 2] (only
 * with the relationship task), and the arg-max predictions of the big logits for the metrics,
 * {@code mlm_pred_wvc} [B, Lm], {@code mlm_pred_aux} [B2, Lm] and {@code mvrc_pred} [B, N] (int64,
 * first maximum on ties), so that training need not copy the logits to the host. Loss terms:
 * {@code relationship_loss}, {@code mlm_loss_wvc}, {@code mlm_loss_aux}, {@code mvrc_loss}; the
 * loss is their unweighted sum.
 *
 * <p>{@link #captionsOnly()} gives the caption-only module {@code ResNetVLBERTForPretraining}
 * (§4.3): the same graph without the corpus rows, with one MLM loss {@code mlm_loss} and outputs
 * {@code mlm_logits} [B, Lc, V], {@code mlm_pred} [B, Lc]. {@link #fromPixels} gives either
 * module on pixels (the e2e configs).
 *
 * <p>The MLM decoder is tied to {@code vlbert.word_embeddings.weight}: the graph has ONE such
 * parameter; the reference state dict lists it a second time as
 * {@code vlbert.mlm_head.predictions.decoder.weight}.
 */
public final class PretrainModel implements TaskGraph {
    /** Arg-max over the vocabulary of {@code mlm_logits_wvc}: int64 [B, Lm]. */
    public static final String MLM_PRED_WVC = "mlm_pred_wvc";
    /** Arg-max over the vocabulary of {@code mlm_logits_aux}: int64 [B2, Lm]. */
    public static final String MLM_PRED_AUX = "mlm_pred_aux";
    /** Arg-max over the region classes of {@code mvrc_logits}: int64 [B, N] (only with MVRC). */
    public static final String MVRC_PRED = "mvrc_pred";

    /** Padding value of the reference's padded logits. */
    static final float LOGIT_PAD = -10000f;
    /** PyTorch cross_entropy's default ignore_index, used by the relationship loss. */
    private static final long TORCH_DEFAULT_IGNORE = -100;

    /** Arg-max over the vocabulary of {@code mlm_logits} (caption-only module): int64 [B, Lc]. */
    public static final String MLM_PRED = "mlm_pred";

    /** Which reference wrapper the graph is. */
    public enum Module {
        /** {@code ResNetVLBERTForPretrainingMultitask}: captions plus text-only corpus rows (§4.2). */
        MULTITASK,
        /** {@code ResNetVLBERTForPretraining}: captions only, one MLM loss (§4.3). */
        CAPTIONS_ONLY
    }

    private final VlBertDims d;
    private final long imageFinalDim;
    private final long visualRegionClasses;
    private final boolean withRelLoss;
    private final boolean withMvrcLoss;
    private final Normalization mlmLossNorm;
    private final Normalization mvrcLossNorm;
    private final Module module;
    private final ResNetSpec visual;
    private final boolean maskRawPixels;

    /**
     * @param dims                the VL-BERT core ({@code NETWORK.VLBERT.*})
     * @param imageFinalDim       {@code NETWORK.IMAGE_FINAL_DIM} (must equal visual_size)
     * @param visualRegionClasses {@code NETWORK.VLBERT.visual_region_classes} (1601)
     * @param withRelLoss         {@code NETWORK.WITH_REL_LOSS} (needs with_pooler)
     * @param withMvrcLoss        {@code NETWORK.WITH_MVRC_LOSS}
     * @param mlmLossNorm         from {@code NETWORK.MLM_LOSS_NORM_IN_BATCH_FIRST}
     * @param mvrcLossNorm        from {@code NETWORK.MVRC_LOSS_NORM_IN_BATCH_FIRST}
     */
    public PretrainModel(VlBertDims dims, long imageFinalDim, long visualRegionClasses, boolean withRelLoss,
                         boolean withMvrcLoss, Normalization mlmLossNorm, Normalization mvrcLossNorm) {
        if (imageFinalDim != dims.visualSize()) {
            throw new IllegalArgumentException("NETWORK.IMAGE_FINAL_DIM (" + imageFinalDim
                    + ") must equal NETWORK.VLBERT.visual_size (" + dims.visualSize() + ")");
        }
        if (withRelLoss && !dims.withPooler()) {
            throw new IllegalArgumentException("NETWORK.WITH_REL_LOSS=true needs NETWORK.VLBERT.with_pooler=true"
                    + " (the relationship head reads the pooled output)");
        }
        this.d = dims;
        this.imageFinalDim = imageFinalDim;
        this.visualRegionClasses = visualRegionClasses;
        this.withRelLoss = withRelLoss;
        this.withMvrcLoss = withMvrcLoss;
        this.mlmLossNorm = mlmLossNorm;
        this.mvrcLossNorm = mvrcLossNorm;
        this.module = Module.MULTITASK;
        this.visual = null;
        this.maskRawPixels = false;
    }

    private PretrainModel(PretrainModel base, Module module, ResNetSpec visual, boolean maskRawPixels) {
        this.d = base.d;
        this.imageFinalDim = base.imageFinalDim;
        this.visualRegionClasses = base.visualRegionClasses;
        this.withRelLoss = base.withRelLoss;
        this.withMvrcLoss = base.withMvrcLoss;
        this.mlmLossNorm = base.mlmLossNorm;
        this.mvrcLossNorm = base.mvrcLossNorm;
        this.module = module;
        this.visual = visual;
        this.maskRawPixels = maskRawPixels;
    }

    /**
     * The same settings as the caption-only module {@code ResNetVLBERTForPretraining}: no
     * {@code aux_text}/{@code aux_mlm_labels} inputs and no {@code aux_text_visual_embedding};
     * outputs {@code mlm_logits} [B, Lc, V] and {@link #MLM_PRED}, loss term {@code mlm_loss}
     * instead of the WVC/AUX pair.
     */
    public PretrainModel captionsOnly() {
        return new PretrainModel(this, Module.CAPTIONS_ONLY, visual, maskRawPixels);
    }

    /**
     * The same settings on pixels ({@code IMAGE_FEAT_PRECOMPUTED: false}, the e2e configs): input
     * {@code image} [B, 3, H, W] (normalised BGR, zero-padded) before {@code boxes}, which become
     * [B, N, 4]; the 2048-d region features come from the ResNet ({@link PixelRegionFeatures}),
     * with the frozen stages and BatchNorm of {@code visual}.
     *
     * @param maskRawPixels {@code NETWORK.MASK_RAW_PIXELS}: masked regions were zeroed in the image
     *                      by the data (no {@code object_mask_visual_embedding}); false (multitask
     *                      module only) replaces their RoI features by that embedding instead
     */
    public PretrainModel fromPixels(ResNetSpec visual, boolean maskRawPixels) {
        if (!maskRawPixels && module == Module.CAPTIONS_ONLY) {
            throw new IllegalArgumentException("NETWORK.MASK_RAW_PIXELS=false needs the multitask module: the reference"
                    + " caption-only module always masks raw pixels in end-to-end pretraining");
        }
        return new PretrainModel(this, module, visual, maskRawPixels);
    }

    public Module module() {
        return module;
    }

    @Override
    public String task() {
        return "pretrain";
    }

    @Override
    public Result build(GraphBuilder b, Dropout dropout, boolean withLoss) {
        Value image = visual == null ? null : b.input("image", DType.FLOAT, "batch", 3, "height", "width");
        Value boxesIn = b.input("boxes", DType.FLOAT, "batch", "num_boxes",
                visual == null ? 4 + RegionFeatures.FEATURE_DIM : 4);
        Value imInfo = b.input("im_info", DType.FLOAT, "batch", 5);
        Value text = b.input("text", DType.INT64, "batch", "text_len");
        Value relLabel = withLoss && withRelLoss ? b.input("relationship_label", DType.INT64, "batch") : null;
        Value mlmLabels = withLoss ? b.input("mlm_labels", DType.INT64, "batch", "text_len") : null;
        Value mvrcOpsIn = b.input("mvrc_ops", DType.INT64, "batch", "num_boxes");
        Value mvrcLabelsIn = withLoss && withMvrcLoss
                ? b.input("mvrc_labels", DType.FLOAT, "batch", "num_boxes", visualRegionClasses) : null;
        boolean multitask = module == Module.MULTITASK;
        Value auxText = multitask ? b.input("aux_text", DType.INT64, "aux_batch", "aux_text_len") : null;
        Value auxLabels = multitask && withLoss
                ? b.input("aux_mlm_labels", DType.INT64, "aux_batch", "aux_text_len") : null;
        Dim batch = text.shape().get(0);

        Value boxes = RegionFeatures.trimToRealBoxes(b, boxesIn, RegionFeatures.boxMask(b, boxesIn));
        Dim numObjects = boxes.shape().get(1);
        Value objectCount = b.shapeOf(boxes, 1, 2);
        Value ops = b.sliceDynamic(mvrcOpsIn, 1, b.longs(0), objectCount, numObjects);
        Value boxMask = RegionFeatures.boxMask(b, boxes);

        // Wrapper parameters, in state-dict order (the ResNet, obj_downsample, then the embeddings).
        Value features = visual == null ? null
                : PixelRegionFeatures.apply(b, visual, image, boxes, boxMask, null);           // [B, No, 2048]
        double std = d.initializerRange();
        long hs = d.hiddenSize();
        RegionFeatures.Downsample downsample = RegionFeatures.Downsample.create(b, imageFinalDim);
        Value objLingTable = Modules.embeddingTable(b, "object_linguistic_embeddings", 1, hs, ParamInit.normal(std));
        Value maskVisual = visual == null || !maskRawPixels
                ? Modules.embeddingTable(b, "object_mask_visual_embedding", 1, RegionFeatures.FEATURE_DIM,
                        ParamInit.zeros()) : null;
        Value maskWord = withMvrcLoss
                ? Modules.embeddingTable(b, "object_mask_word_embedding", 1, hs, ParamInit.normal(std)) : null;
        Value auxVisual = multitask
                ? Modules.embeddingTable(b, "aux_text_visual_embedding", 1, hs, ParamInit.normal(std)) : null;

        Value regions = features == null ? boxes : b.concat(2, boxes, features);           // [B, No, 4+2048]
        Value maskedBoxes = maskVisual == null ? regions : MaskedRegions.replaceFeatures(b, regions, ops, maskVisual);
        Value objReps = RegionFeatures.objReps(b, dropout, maskedBoxes, imInfo, boxMask, downsample);
        Value objLing = MaskedRegions.linguistic(b, ops, objLingTable, maskWord);
        JointBatch joint = multitask ? JointBatch.build(b, text, auxText, objReps, objLing, boxMask, auxVisual)
                : JointBatch.captionsOnly(b, text, objReps, objLing, boxMask);

        Core core = runCore(b, dropout, joint, boxMask, batch);

        Map<String, Value> outputs = new LinkedHashMap<>();
        if (multitask) {
            Value wvc = joint.captionPart(b, core.mlmLogits(), batch);
            Value aux = joint.auxPart(b, core.mlmLogits(), auxText.shape().get(0));
            outputs.put("mlm_logits_wvc", wvc);
            outputs.put("mlm_logits_aux", aux);
            outputs.put(MLM_PRED_WVC, PretrainHeads.predictions(b, wvc));
            outputs.put(MLM_PRED_AUX, PretrainHeads.predictions(b, aux));
        } else {
            outputs.put("mlm_logits", core.mlmLogits());
            outputs.put(MLM_PRED, PretrainHeads.predictions(b, core.mlmLogits()));
        }
        if (withMvrcLoss) {
            Value mvrc = AxisPadding.rightPad(b, core.mvrcLogits(), 1, b.shapeOf(boxesIn, 1, 2),
                    boxesIn.shape().get(1), LOGIT_PAD);
            outputs.put("mvrc_logits", mvrc);
            outputs.put(MVRC_PRED, PretrainHeads.predictions(b, mvrc));
        }
        if (withRelLoss) {
            outputs.put("relationship_logits", core.relationshipLogits());
        }

        Map<String, Value> terms = new LinkedHashMap<>();
        Value loss = null;
        if (withLoss) {
            terms = lossTerms(b, new Labels(relLabel, mlmLabels, mvrcLabelsIn, auxLabels), core, joint, objectCount,
                    numObjects);
            for (Value term : terms.values()) {
                loss = loss == null ? term : b.add(loss, term);
            }
        }

        Map<String, Value> inter = new LinkedHashMap<>();
        inter.put("obj_reps", objReps);
        if (features != null) {
            inter.put("obj_reps_raw", features);
        }
        joint.inputs().addIntermediates(b, inter);
        core.vl().addIntermediates(b, inter);
        return new Result(outputs, loss, terms, inter);
    }

    /** The core's outputs and the head logits (null for absent heads). */
    private record Core(VisualLinguisticBert.Outputs vl, Value relationshipLogits, Value mlmLogits,
                        Value mvrcLogits) {}

    /** One VL-BERT call over the joint batch and the heads, all under scope {@code vlbert}. */
    private Core runCore(GraphBuilder b, Dropout dropout, JointBatch joint, Value boxMask, Dim batch) {
        try (var s = b.scope("vlbert")) {
            VisualLinguisticBert.Outputs vl = new VisualLinguisticBert(d).forward(b, dropout, joint.inputs());
            Value wordTable = b.graph().param(b.qualified("word_embeddings.weight")).value();
            Value rel = withRelLoss
                    ? PretrainHeads.relationship(b, d, joint.captionPart(b, vl.pooled(), batch)) : null;
            Value mlm = PretrainHeads.mlm(b, d, joint.textRows(b, vl.sequence()), wordTable);
            mlm = b.where(joint.beyondSequence(b, vl.sequence()), b.scalar(LOGIT_PAD), mlm);
            Value mvrc = null;
            if (withMvrcLoss) {
                Value captionSeq = joint.captionPart(b, vl.sequence(), batch);
                Value captionTextLen = joint.captionPart(b, vl.textLen(), batch);
                Value objects = VisualLinguisticBert.objectPart(b, captionSeq, boxMask, captionTextLen);
                mvrc = PretrainHeads.mvrc(b, d, objects, visualRegionClasses);                // [B, No, C]
            }
            return new Core(vl, rel, mlm, mvrc);
        }
    }

    /** The label inputs (null when the task is off). */
    private record Labels(Value relationship, Value mlm, Value mvrc, Value auxMlm) {}

    /**
     * relationship_loss, mlm_loss_wvc, mlm_loss_aux (caption-only: mlm_loss) and mvrc_loss
     * (absent tasks give 0). Both multitask MLM losses come from one per-token cross-entropy over
     * the joint batch, split by row masks.
     */
    private Map<String, Value> lossTerms(GraphBuilder b, Labels labels, Core core, JointBatch joint,
                                         Value objectCount, Dim numObjects) {
        // Absent tasks contribute a zero of their own (each term is a distinct graph output).
        Value relLoss = withRelLoss
                ? b.softmaxCrossEntropy(core.relationshipLogits(), labels.relationship(), TORCH_DEFAULT_IGNORE)
                : b.identity(b.scalar(0f));
        Value mvrcLoss;
        if (withMvrcLoss) {
            // Targets trimmed like the boxes; the rows cut off are padding (never valid).
            Value targets = b.sliceDynamic(labels.mvrc(), 1, b.longs(0), objectCount, numObjects);
            mvrcLoss = PretrainLosses.reduce(b, PretrainLosses.softCrossEntropy(b, core.mvrcLogits(), targets), null,
                    mvrcLossNorm, false);
        } else {
            mvrcLoss = b.identity(b.scalar(0f));
        }
        Map<String, Value> terms = new LinkedHashMap<>();
        terms.put("relationship_loss", relLoss);
        if (module == Module.MULTITASK) {
            long ignore = PretrainLosses.IGNORE_INDEX;
            Value mlmLabels = b.concat(0,
                    AxisPadding.rightPad(b, labels.mlm(), 1, joint.textLen(), joint.textLenDim(), ignore),
                    AxisPadding.rightPad(b, labels.auxMlm(), 1, joint.textLen(), joint.textLenDim(), ignore));
            TargetLosses tokens = PretrainLosses.tokenCrossEntropy(b, core.mlmLogits(), mlmLabels);
            Value captionRows = joint.captionRowWeights(b, mlmLabels);
            Value auxRows = b.sub(b.scalar(1f), captionRows);
            terms.put("mlm_loss_wvc", PretrainLosses.reduce(b, tokens, captionRows, mlmLossNorm, true));
            terms.put("mlm_loss_aux", PretrainLosses.reduce(b, tokens, auxRows, mlmLossNorm, true));
        } else {
            TargetLosses tokens = PretrainLosses.tokenCrossEntropy(b, core.mlmLogits(), labels.mlm());
            terms.put("mlm_loss", PretrainLosses.reduce(b, tokens, null, mlmLossNorm, true));
        }
        terms.put("mvrc_loss", mvrcLoss);
        return terms;
    }
}
