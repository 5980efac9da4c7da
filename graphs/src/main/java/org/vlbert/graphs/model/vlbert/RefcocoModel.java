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
 * The RefCOCO+ model ({@code refcoco/modules/resnet_vlbert_for_refcoco.py}, tasks.md §3.1) on
 * region features given with the boxes, {@code boxes} [B, N, 4+2048] (padding rows -2, as VQA;
 * the reference's precomputed FastRCNN mode, used by the reference fixture), or, with a
 * {@link ResNetSpec}, computed from pixels as the shipped configs train: {@code image}
 * [B, 3, H, W] and {@code boxes} [B, N, 4] (model.md §6.4); {@code im_info} [B, 4] (resized w, h, x scale, y scale),
 * {@code expression} [B, Le] (0-padded word-piece ids) and, for training, {@code label} [B, N]
 * (1/0 per box, -1 padding).
 *
 * <p>Text = {@code [CLS] e [SEP]} in Le+2 slots, every token carrying the whole-image box feature;
 * every object's final hidden state goes through {@code final_mlp} (MVRC-style transform Linear +
 * GELU, Dropout, Linear(H, 1)) to one logit. Outputs {@code label_logits} [B, N] (-10000 for box
 * slots beyond the batch's largest real-box count, the head's value on a zero state for padded
 * boxes of shorter samples, exactly as the reference) and {@code pred_boxes} [B, 4]: the box with
 * the highest logit (first on ties), mapped back to original-image pixels by dividing x by
 * im_info[2] and y by im_info[3]. Loss: BCE-with-logits averaged over all real boxes of the batch.
 */
public final class RefcocoModel implements TaskGraph {
    /** Logit given to box slots beyond the batch's largest real-box count. */
    public static final float PADDED_LOGIT = -10000f;

    private final VlBertDims d;
    private final long imageFinalDim;
    private final float classifierDropout;
    private final ResNetSpec visual;

    /**
     * @param dims              NETWORK.VLBERT.*
     * @param imageFinalDim     NETWORK.IMAGE_FINAL_DIM (= visual_size)
     * @param classifierDropout NETWORK.CLASSIFIER_DROPOUT (0.0 in the shipped configs)
     */
    public RefcocoModel(VlBertDims dims, long imageFinalDim, float classifierDropout) {
        this(dims, imageFinalDim, classifierDropout, null);
    }

    /** @param visual the end-to-end ResNet ({@code image} input, 4-column boxes), or null for precomputed features */
    public RefcocoModel(VlBertDims dims, long imageFinalDim, float classifierDropout, ResNetSpec visual) {
        this.d = dims;
        this.imageFinalDim = imageFinalDim;
        this.classifierDropout = classifierDropout;
        this.visual = visual;
    }

    @Override
    public String task() {
        return "refcoco";
    }

    @Override
    public Result build(GraphBuilder b, Dropout dropout, boolean withLoss) {
        long boxColumns = visual == null ? 4 + RegionFeatures.FEATURE_DIM : 4;
        Value boxesIn = b.input("boxes", DType.FLOAT, "batch", "num_boxes", boxColumns);
        Value image = visual == null ? null : b.input("image", DType.FLOAT, "batch", 3, "height", "width");
        Value imInfo = b.input("im_info", DType.FLOAT, "batch", 4);
        Value expression = b.input("expression", DType.INT64, "batch", "expression_len");

        Value boxes = RegionFeatures.trimToRealBoxes(b, boxesIn, RegionFeatures.boxMask(b, boxesIn));
        Value boxMask = RegionFeatures.boxMask(b, boxes);
        Value regions = visual == null ? boxes
                : b.concat(2, boxes, PixelRegionFeatures.apply(b, visual, image, boxes, boxMask, null));
        Value objReps = RegionFeatures.objReps(b, dropout, regions, imInfo, boxMask, imageFinalDim);
        Value objLingTable = Modules.embeddingTable(b, "object_linguistic_embeddings", 1, d.hiddenSize(),
                ParamInit.normal(d.initializerRange()));

        Value ids = expressionText(b, expression, d.clsId(), d.sepId());
        Value types = b.mul(ids, b.longScalar(0));
        Value textMask = b.greater(ids, b.longScalar(0));
        Value textVisual = VisualLinguisticBert.wholeImageForEachToken(b, objReps, ids);
        Value objLing = VisualLinguisticBert.sameRowForEachObject(b, objLingTable, objReps);

        VisualLinguisticBert.Inputs vlIn = new VisualLinguisticBert.Inputs(
                ids, types, textVisual, textMask, objReps, objLing, boxMask);
        VisualLinguisticBert.Outputs vl;
        try (var s = b.scope("vlbert")) {
            vl = new VisualLinguisticBert(d).forward(b, dropout, vlIn);
        }
        Value objectStates = VisualLinguisticBert.objectPart(b, vl.sequence(), boxMask, vl.textLen());
        Value logits;                                                                   // [B, N'] (trimmed)
        try (var s = b.scope("final_mlp")) {
            logits = b.squeeze(head(b, dropout, objectStates), 2);
        }
        Value paddedLogits = padToOriginalCount(b, logits, boxesIn);

        Map<String, Value> outputs = new LinkedHashMap<>();
        outputs.put("label_logits", paddedLogits);
        outputs.put("pred_boxes", predictedBoxes(b, paddedLogits, boxes, imInfo));
        Map<String, Value> terms = new LinkedHashMap<>();
        Value loss = null;
        if (withLoss) {
            Value labelIn = b.input("label", DType.FLOAT, "batch", "num_boxes");
            Value label = b.sliceDynamic(labelIn, 1, b.longs(0), b.shapeOf(logits, 1, 2), logits.shape().get(1));
            Value real = b.cast(boxMask, DType.FLOAT);
            Value clsLoss = b.div(b.sumAll(b.mul(b.bceWithLogits(logits, label), real)), b.sumAll(real));
            terms.put("cls_loss", clsLoss);
            loss = clsLoss;
        }
        Map<String, Value> inter = new LinkedHashMap<>();
        inter.put("obj_reps", objReps);
        vlIn.addIntermediates(b, inter);
        vl.addIntermediates(b, inter);
        return new Result(outputs, loss, terms, inter);
    }

    /** final_mlp: {@code 0.dense} Linear(H, H) + GELU, Dropout ({@code 1}), Linear(H, 1) ({@code 2}); Xavier init. */
    private Value head(GraphBuilder b, Dropout dropout, Value objectStates) {
        long hs = d.hiddenSize();
        ParamInit xavier = ParamInit.xavierUniform(1.0);
        Value t;
        try (var s = b.scope("0")) {
            t = b.gelu(Modules.linear(b, "dense", objectStates, hs, hs, xavier, ParamInit.zeros()));
        }
        t = dropout.apply(b, b.qualified("1"), t, classifierDropout);
        return Modules.linear(b, "2", t, hs, 1, xavier, ParamInit.zeros());
    }

    /**
     * [B, Le] expression ids -> [B, Le+2]: [CLS] at 0, the expression at 1..Le, and [SEP] written
     * at index = number of positive ids (right after the last token when the expression is a
     * prefix, as the collate guarantees).
     */
    static Value expressionText(GraphBuilder b, Value expression, long clsId, long sepId) {
        Value e = b.cast(expression, DType.INT64);
        Shape known = e.shape().with(1, e.shape().get(1).plus(Dim.of(2)));
        Value padded = b.pad(e, b.longs(0, 1, 0, 1), known);                           // [B, Le+2]
        Value j = b.unsqueeze(b.range(b.squeeze(b.shapeOf(padded, 1, 2), 0), known.get(1)), 0);
        Value zero = b.longScalar(0);
        Value withCls = b.where(b.equal(j, zero), b.longScalar(clsId), padded);
        Value sepPos = b.reduceSum(b.cast(b.greater(withCls, zero), DType.INT64), true, 1);   // [B, 1]
        return b.where(b.equal(j, sepPos), b.longScalar(sepId), withCls);
    }

    /** Pads the trimmed logits [B, N'] back to the input's box count N with {@link #PADDED_LOGIT}. */
    private static Value padToOriginalCount(GraphBuilder b, Value logits, Value boxesIn) {
        Value missing = b.sub(b.shapeOf(boxesIn, 1, 2), b.shapeOf(logits, 1, 2));
        Value shape = b.concat(0, b.shapeOf(logits, 0, 1), missing);
        Value fill = b.constantOfShape(shape, Shape.of(logits.shape().get(0), Dim.sym("padded_boxes")), PADDED_LOGIT);
        Value out = b.concat(1, logits, fill);
        return b.reshape(out, boxesIn.shape().sub(0, 2), b.shapeOf(boxesIn, 0, 2));
    }

    /**
     * The box with the largest logit (first index on ties), coordinates divided by the resize
     * scales im_info[:, 2] (x) and im_info[:, 3] (y). Like the reference the argmax runs over all
     * N slots; slots beyond the trimmed count hold -10000 and are never chosen.
     */
    static Value predictedBoxes(GraphBuilder b, Value paddedLogits, Value trimmedBoxes, Value imInfo) {
        Value best = b.argMax(paddedLogits, 1, true);                                   // [B, 1]
        Value last = b.sub(b.shapeOf(trimmedBoxes, 1, 2), b.longs(1));
        Value idx = b.min(best, b.unsqueeze(last, 0));
        Value coords = b.slice(trimmedBoxes, 2, 0, 4);                                  // [B, N', 4]
        Value box = b.squeeze(VisualLinguisticBert.gatherAlong1(b, coords, idx), 1);   // [B, 4]
        Value sx = b.slice(imInfo, 1, 2, 3);
        Value sy = b.slice(imInfo, 1, 3, 4);
        return b.div(box, b.concat(1, sx, sy, sx, sy));
    }
}
