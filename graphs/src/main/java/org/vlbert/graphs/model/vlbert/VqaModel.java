package org.vlbert.graphs.model.vlbert;

import java.util.LinkedHashMap;
import java.util.Map;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.ParamInit;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.model.Dropout;
import org.vlbert.graphs.model.Modules;
import org.vlbert.graphs.model.TaskGraph;
import org.vlbert.graphs.tensor.DType;

/**
 * The VQA model ({@code vqa/modules/resnet_vlbert_for_vqa.py}, tasks.md §1.1) on precomputed
 * region features. Inputs: {@code boxes} [B, N, 4+2048], {@code im_info} [B, 4], {@code question}
 * [B, Lq] (0-padded ids without special tokens) and, for training, {@code label} [B, A] soft
 * scores. Output {@code label_logits} [B, A]; loss = BCE-with-logits mean × A.
 */
public final class VqaModel implements TaskGraph {
    /** Classifier head variants ({@code NETWORK.CLASSIFIER_TYPE}). */
    public enum Classifier { MLM, ONE_FC, TWO_FC }

    private final VlBertDims d;
    private final long imageFinalDim;
    private final long numAnswers;
    private final Classifier classifier;
    private final float classifierDropout;
    private final long classifierHiddenSize;

    public VqaModel(VlBertDims dims, long imageFinalDim, long numAnswers, Classifier classifier,
                    float classifierDropout, long classifierHiddenSize) {
        this.d = dims;
        this.imageFinalDim = imageFinalDim;
        this.numAnswers = numAnswers;
        this.classifier = classifier;
        this.classifierDropout = classifierDropout;
        this.classifierHiddenSize = classifierHiddenSize;
    }

    @Override
    public String task() {
        return "vqa";
    }

    @Override
    public Result build(GraphBuilder b, Dropout dropout, boolean withLoss) {
        Value boxesIn = b.input("boxes", DType.FLOAT, "batch", "num_boxes", 4 + RegionFeatures.FEATURE_DIM);
        Value imInfo = b.input("im_info", DType.FLOAT, "batch", 4);
        Value question = b.input("question", DType.INT64, "batch", "question_len");

        Value boxes = RegionFeatures.trimToRealBoxes(b, boxesIn, RegionFeatures.boxMask(b, boxesIn));
        Value boxMask = RegionFeatures.boxMask(b, boxes);
        Value objReps = RegionFeatures.objReps(b, dropout, boxes, imInfo, boxMask, imageFinalDim);
        Value objLingTable = Modules.embeddingTable(b, "object_linguistic_embeddings", 1, d.hiddenSize(),
                ParamInit.normal(d.initializerRange()));

        QuestionText text = QuestionText.build(b, question, d);
        Value textVisual = VisualLinguisticBert.wholeImageForEachToken(b, objReps, text.ids());
        Value objLing = VisualLinguisticBert.sameRowForEachObject(b, objLingTable, objReps);

        VisualLinguisticBert.Inputs vlIn = new VisualLinguisticBert.Inputs(
                text.ids(), text.types(), textVisual, text.mask(), objReps, objLing, boxMask);
        VisualLinguisticBert.Outputs vl;
        try (var s = b.scope("vlbert")) {
            vl = new VisualLinguisticBert(d).forward(b, dropout, vlIn);
        }
        Value answerIdx = b.unsqueeze(text.answerPosition(), 1);                         // [B, 1]
        Value hm = b.squeeze(VisualLinguisticBert.gatherAlong1(b, vl.sequence(), answerIdx), 1);   // [B, H]
        Value logits;
        try (var s = b.scope("final_mlp")) {
            logits = classifier(b, dropout, hm);
        }
        Map<String, Value> outputs = new LinkedHashMap<>();
        outputs.put("label_logits", logits);
        Map<String, Value> terms = new LinkedHashMap<>();
        Value loss = null;
        if (withLoss) {
            Value label = b.input("label", DType.FLOAT, "batch", numAnswers);
            Value ansLoss = b.mul(b.meanAll(b.bceWithLogits(logits, label)), (float) numAnswers);
            terms.put("ans_loss", ansLoss);
            loss = ansLoss;
        }
        Map<String, Value> inter = new LinkedHashMap<>();
        inter.put("obj_reps", objReps);
        vlIn.addIntermediates(b, inter);
        vl.addIntermediates(b, inter);
        return new Result(outputs, loss, terms, inter);
    }

    private Value classifier(GraphBuilder b, Dropout dropout, Value hm) {
        return ClassifierHead.build(b, dropout, hm, classifier, d.hiddenSize(), classifierHiddenSize, numAnswers,
                classifierDropout);
    }
}
