package org.vlbert.graphs.model.vlbert;

import java.util.LinkedHashMap;
import java.util.Map;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Dim;
import org.vlbert.graphs.ir.ParamInit;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.model.Dropout;
import org.vlbert.graphs.model.Modules;
import org.vlbert.graphs.model.TaskGraph;
import org.vlbert.graphs.model.visual.PixelRegionFeatures;
import org.vlbert.graphs.model.visual.ResNetSpec;
import org.vlbert.graphs.tensor.DType;

/**
 * The VCR model ({@code vcr/modules/resnet_vlbert_for_vcr.py}, tasks.md §2.1) for Q→A and QA→R
 * (same graph; QA→R feeds question+answer as "question" and the rationales as choices).
 *
 * <p>Inputs: {@code boxes} [B, N, 6] (x1, y1, x2, y2, score, class; padding rows -1, a box is real
 * iff y2 > -0.5), {@code box_features} [B, N, 2048] region features, {@code question} [B, Lq, 3]
 * and {@code answer_choices} [B, C, La, 3] rows of (word-piece id, object tag, align id) padded
 * with -2, {@code im_info} [B, 5] and, for training, {@code answer_label} [B]. The region features
 * come either as given (the reference's FastRCNN in precomputed mode, which is how the reference
 * fixture drives it with stand-in features) or, with a {@link ResNetSpec}, from pixels as the
 * reference trains VCR: {@code image} [B, 3, H, W] (normalised BGR, zero-padded) and the instance
 * masks {@code masks} [B, N, 14, 14] replace {@code box_features} (model.md §6.4).
 *
 * <p>The C choices are folded into the batch (B' = B·C, row b·C + c, as the reference's
 * TimeDistributed wrapper does, which is why the core's parameters live under
 * {@code vlbert._module}). Output {@code label_logits} [B, C]; training adds the answer loss
 * (per-choice sigmoid BCE or softmax CE) and the object-classification regulariser
 * {@code cnn_regularization_loss}.
 */
public final class VcrModel implements TaskGraph {
    /** Box padding rows hold -1; a box is real iff its y2 (column 3) exceeds this. */
    public static final float PAD_THRESHOLD = -0.5f;
    /** Columns of a box row: 4 coordinates, detection score, class index. */
    public static final long BOX_COLUMNS = 6;
    /** Answer (or rationale) choices per question in VCR. */
    public static final long NUM_CHOICES = 4;

    /**
     * Task options (reference config keys in brackets).
     *
     * @param classifier            answer head type: ONE_FC or TWO_FC [NETWORK.CLASSIFIER_TYPE 1fc/2fc]
     * @param classifierDropout     [NETWORK.CLASSIFIER_DROPOUT]
     * @param classifierHiddenSize  hidden width of the 2fc head [NETWORK.CLASSIFIER_HIDDEN_SIZE]
     * @param classifierSigmoid     per-choice BCE (true) or softmax CE over choices [NETWORK.CLASSIFIER_SIGMOID]
     * @param positiveWeight        BCE weight of the correct choice [NETWORK.CLASSIFIER_SIGMOID_LOSS_POSITIVE_WEIGHT]
     * @param ansLossWeight         [NETWORK.ANS_LOSS_WEIGHT]
     * @param cnnRegLoss            object-classification regulariser [NETWORK.ENABLE_CNN_REG_LOSS]
     * @param cnnLossTop            regulariser on the VL-BERT object outputs [NETWORK.CNN_LOSS_TOP]; false
     *                              would put it on the CNN features, which needs the pixel path
     * @param cnnRegDropout         [NETWORK.CNN_REG_DROPOUT]
     * @param cnnLossWeight         [NETWORK.CNN_LOSS_WEIGHT]
     * @param objectWordEmbedMode   1 = per-class object embedding (81 rows), 2 = one shared vector
     *                              [NETWORK.VLBERT.object_word_embed_mode]
     */
    public record Options(VqaModel.Classifier classifier, float classifierDropout, long classifierHiddenSize,
                          boolean classifierSigmoid, float positiveWeight, float ansLossWeight,
                          boolean cnnRegLoss, boolean cnnLossTop, float cnnRegDropout, float cnnLossWeight,
                          int objectWordEmbedMode) {
        public Options {
            if (classifier == VqaModel.Classifier.MLM) {
                throw new IllegalArgumentException("NETWORK.CLASSIFIER_TYPE 'mlm' does not exist for VCR; use 1fc or 2fc");
            }
            if (objectWordEmbedMode != 1 && objectWordEmbedMode != 2) {
                throw new IllegalArgumentException("NETWORK.VLBERT.object_word_embed_mode " + objectWordEmbedMode
                        + " is not supported for VCR (supported: 1 = per class, 2 = shared; every shipped config uses 2)");
            }
            if (cnnRegLoss && !cnnLossTop) {
                throw new IllegalArgumentException("NETWORK.CNN_LOSS_TOP=false puts the object-classification loss on the"
                        + " CNN region features, which needs the end-to-end image path; set NETWORK.CNN_LOSS_TOP=true"
                        + " or NETWORK.ENABLE_CNN_REG_LOSS=false");
            }
        }

        /** The values of every shipped VCR config ({@code cfgs/vcr/*.yaml}). */
        public static Options shipped() {
            return new Options(VqaModel.Classifier.ONE_FC, 0.1f, 1024, true, 1.0f, 1.0f, true, true, 0.0f, 1.0f, 2);
        }
    }

    private final VlBertDims d;
    private final long imageFinalDim;
    private final Options o;
    private final ResNetSpec visual;

    /**
     * @param dims          NETWORK.VLBERT.* (with_pooler must be true: VCR classifies the pooled [CLS])
     * @param imageFinalDim NETWORK.IMAGE_FINAL_DIM (= visual_size)
     */
    public VcrModel(VlBertDims dims, long imageFinalDim, Options options) {
        this(dims, imageFinalDim, options, null);
    }

    /**
     * @param visual the end-to-end ResNet ({@code image} and {@code masks} inputs), or null for
     *               precomputed {@code box_features}
     */
    public VcrModel(VlBertDims dims, long imageFinalDim, Options options, ResNetSpec visual) {
        if (!dims.withPooler()) {
            throw new IllegalArgumentException("VCR classifies the pooled [CLS] output: NETWORK.VLBERT.with_pooler must"
                    + " be true (the VCR config default)");
        }
        this.d = dims;
        this.imageFinalDim = imageFinalDim;
        this.o = options;
        this.visual = visual;
    }

    @Override
    public String task() {
        return "vcr";
    }

    @Override
    public Result build(GraphBuilder b, Dropout dropout, boolean withLoss) {
        Value boxesIn = b.input("boxes", DType.FLOAT, "batch", "num_boxes", BOX_COLUMNS);
        Value featuresIn = visual == null
                ? b.input("box_features", DType.FLOAT, "batch", "num_boxes", RegionFeatures.FEATURE_DIM) : null;
        Value image = visual == null ? null : b.input("image", DType.FLOAT, "batch", 3, "height", "width");
        Value masksIn = visual == null ? null
                : b.input("masks", DType.FLOAT, "batch", "num_boxes", ResNetSpec.POOLED_SIZE, ResNetSpec.POOLED_SIZE);
        Value question = b.input("question", DType.INT64, "batch", "question_len", 3);
        Value answers = b.input("answer_choices", DType.INT64, "batch", NUM_CHOICES, "answer_len", 3);
        Value imInfo = b.input("im_info", DType.FLOAT, "batch", 5);

        Value count = RegionFeatures.realBoxCount(b, boxMask(b, boxesIn));
        Value boxes = RegionFeatures.trimBoxes(b, boxesIn, count);
        Value boxMask = boxMask(b, boxes);                                          // [B, N]
        Value features = visual == null ? RegionFeatures.trimBoxes(b, featuresIn, count)
                : PixelRegionFeatures.apply(b, visual, image, b.slice(boxes, 2, 0, 4), boxMask,
                        RegionFeatures.trimBoxes(b, masksIn, count));
        Value classes = b.cast(b.squeeze(b.slice(boxes, 2, 5, 6), 2), DType.INT64); // [B, N]
        Value precomputed = b.concat(2, b.slice(boxes, 2, 0, 4), features);          // [B, N, 4+2048]
        Value objReps = RegionFeatures.objReps(b, dropout, precomputed, imInfo, boxMask, imageFinalDim);

        long embedRows = o.objectWordEmbedMode() == 1 ? ObjectClassHead.NUM_CLASSES : 1;
        Value objLingTable = Modules.embeddingTable(b, "object_linguistic_embeddings", embedRows, d.hiddenSize(),
                ParamInit.normal(d.initializerRange()));
        ObjectClassHead cnnReg = o.cnnRegLoss()
                ? ObjectClassHead.create(b, "cnn_loss_reg", d.hiddenSize(), d.initializerRange()) : null;

        VcrText text = VcrText.build(b, question, answers, d.clsId(), d.sepId());
        Value objRepsFolded = repeatChoices(b, objReps);                            // [B', N, Dv]
        Value textVisual = textVisualEmbeddings(b, objRepsFolded, text.tags());   // [B', Lt, Dv]
        Value embedIdx = b.min(b.max(classes, b.longScalar(0)), b.longScalar(embedRows - 1));
        Value objLing = repeatChoices(b, b.gather(objLingTable, embedIdx, 0));      // [B', N, H]
        Value objMask = repeatChoices(b, boxMask);                                  // [B', N]

        VisualLinguisticBert.Inputs vlIn = new VisualLinguisticBert.Inputs(
                text.ids(), text.types(), textVisual, text.mask(), objRepsFolded, objLing, objMask);
        VisualLinguisticBert.Outputs vl;
        try (var s = b.scope("vlbert._module")) {
            vl = new VisualLinguisticBert(d).forward(b, dropout, vlIn);
        }
        Value choiceLogits;
        try (var s = b.scope("final_mlp")) {
            choiceLogits = classifier(b, dropout, vl.pooled());                     // [B', 1]
        }
        Value logits = b.reshape(choiceLogits, Shape.of(boxesIn.shape().get(0), Dim.of(NUM_CHOICES)),
                b.longs(-1, NUM_CHOICES));

        Map<String, Value> outputs = new LinkedHashMap<>();
        outputs.put("label_logits", logits);
        Map<String, Value> terms = new LinkedHashMap<>();
        Value loss = null;
        if (withLoss) {
            Value label = b.input("answer_label", DType.INT64, "batch");
            Value ansLoss = answerLoss(b, logits, label, terms);
            loss = b.mul(ansLoss, o.ansLossWeight());
            if (cnnReg != null) {
                Value objectStates = VisualLinguisticBert.objectPart(b, vl.sequence(), objMask, vl.textLen());
                Value regLoss = cnnReg.loss(b, dropout, o.cnnRegDropout(), objectStates, repeatChoices(b, classes),
                        objMask);
                terms.put("cnn_regularization_loss", regLoss);
                loss = b.add(loss, b.mul(regLoss, o.cnnLossWeight()));
            }
        }
        Map<String, Value> inter = new LinkedHashMap<>();
        inter.put("obj_reps", objReps);
        if (visual != null) {
            inter.put("obj_reps_raw", features);
        }
        vlIn.addIntermediates(b, inter);
        inter.put("pooled_output", vl.pooled());
        vl.addIntermediates(b, inter);
        return new Result(outputs, loss, terms, inter);
    }

    /**
     * The answer loss; also records {@code ans_loss} and, for the sigmoid loss, the statistic
     * {@code positive_fraction} (the reference's train outputs) into {@code terms}.
     */
    private Value answerLoss(GraphBuilder b, Value logits, Value label, Map<String, Value> terms) {
        Value ansLoss;
        if (o.classifierSigmoid()) {
            Value choice = b.unsqueeze(b.range(b.longScalar(NUM_CHOICES), Dim.of(NUM_CHOICES)), 0);   // [1, C]
            Value positive = b.equal(choice, b.unsqueeze(label, 1));                                  // [B, C]
            Value target = b.cast(positive, DType.FLOAT);
            float w = o.positiveWeight();
            Value weight = b.where(positive, b.scalar(w), b.scalar(1f));
            float rescale = (w + 1f) / (2f * w);
            ansLoss = b.mul(b.meanAll(b.mul(weight, b.bceWithLogits(logits, target))), rescale);
            terms.put("ans_loss", ansLoss);
            terms.put("positive_fraction", b.meanAll(target));
        } else {
            ansLoss = b.softmaxCrossEntropy(logits, label, ObjectClassHead.IGNORE);
            terms.put("ans_loss", ansLoss);
        }
        return ansLoss;
    }

    private Value classifier(GraphBuilder b, Dropout dropout, Value pooled) {
        return ClassifierHead.build(b, dropout, pooled, o.classifier(), d.hiddenSize(), o.classifierHiddenSize(), 1,
                o.classifierDropout());
    }

    /**
     * Each text token's visual feature: the region feature of the object it is tagged with,
     * {@code objReps[b', max(tag, 0)]} (negative tags fall back to box 0, the whole image).
     */
    static Value textVisualEmbeddings(GraphBuilder b, Value objRepsFolded, Value tags) {
        return VisualLinguisticBert.gatherAlong1(b, objRepsFolded, b.max(tags, b.longScalar(0)));
    }

    /** Real boxes: y2 > -0.5 (VCR pads box rows with -1). */
    static Value boxMask(GraphBuilder b, Value boxes) {
        Value y2 = b.squeeze(b.slice(boxes, 2, 3, 4), 2);
        return b.greater(y2, b.scalar(PAD_THRESHOLD));
    }

    /** [B, ...] -> [B·C, ...] with each sample repeated for its C choices. */
    static Value repeatChoices(GraphBuilder b, Value x) {
        Value perChoice = b.unsqueeze(x, 1);
        Shape known = x.shape().inserted(1, Dim.of(NUM_CHOICES));
        Value shape = b.concat(0, b.shapeOf(x, 0, 1), b.longs(NUM_CHOICES), b.shapeOf(x, 1, x.rank()));
        return VcrText.fold(b, b.expand(perChoice, known, shape));
    }
}
