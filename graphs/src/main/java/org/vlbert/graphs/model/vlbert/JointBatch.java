package org.vlbert.graphs.model.vlbert;

import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Dim;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.tensor.DType;

/**
 * The multitask pretraining wrapper's single VL-BERT batch (pretraining.md §4.2 step 7): the B1
 * caption rows followed by the B2 text-only (aux corpus) rows, all texts right-padded with 0 to
 * Lm = max(Lc, La). Token types are all 0 and the text mask is {@code ids > 0}. Caption text
 * slots get the whole-image box feature (zeros past Lc), every aux slot gets the learned
 * {@code aux_text_visual_embedding}; aux rows have no objects (zero features, mask false).
 * The caption-only module (§4.3) has the caption rows alone ({@link #captionsOnly}), Lm = Lc.
 *
 * @param inputs      the VL-BERT core inputs of the joint batch [B1+B2, ...]
 * @param captionRows B1 as a 1-element int64 tensor
 * @param textLen     Lm as a 1-element int64 tensor
 * @param textLenDim  the symbolic dim of Lm
 * @param hasAuxRows  whether corpus rows follow the captions
 */
record JointBatch(VisualLinguisticBert.Inputs inputs, Value captionRows, Value textLen, Dim textLenDim,
                  boolean hasAuxRows) {
    /** Symbolic name of the joint text length Lm. */
    static final String TEXT_LEN = "joint_text_len";

    /**
     * @param captionIds [B1, Lc] int64 caption ids ([CLS] .. [SEP], 0-padded)
     * @param auxIds     [B2, La] int64 corpus ids (no special tokens, 0-padded)
     * @param objReps    [B1, No, Dv] region features (row 0 = whole image)
     * @param objLing    [B1, No, H] object linguistic embeddings
     * @param boxMask    [B1, No] bool
     * @param auxVisual  [1, H] the aux_text_visual_embedding table
     */
    static JointBatch build(GraphBuilder b, Value captionIds, Value auxIds, Value objReps, Value objLing,
                            Value boxMask, Value auxVisual) {
        Value lc = b.shapeOf(captionIds, 1, 2);
        Value lm = b.max(lc, b.shapeOf(auxIds, 1, 2));
        Dim lmDim = Dim.sym(TEXT_LEN);
        Value ids = b.concat(0, AxisPadding.rightPad(b, captionIds, 1, lm, lmDim, 0),
                AxisPadding.rightPad(b, auxIds, 1, lm, lmDim, 0));
        Value types = b.cast(b.zerosLike(ids), DType.INT64);
        Value mask = b.greater(ids, b.longScalar(0));

        Value slot = b.range(b.squeeze(lm, 0), lmDim);                                     // [Lm]
        Value inCaption = b.unsqueeze(b.less(slot, lc), 0, 2);                              // [1, Lm, 1]
        Value wholeImage = b.slice(objReps, 1, 0, 1);                                       // [B1, 1, Dv]
        Value captionVisual = b.where(inCaption, wholeImage, b.scalar(0f));                 // [B1, Lm, Dv]
        long dv = objReps.shape().get(2).size();
        Dim b2 = auxIds.shape().get(0);
        Value auxRowsShape = b.concat(0, b.shapeOf(auxIds, 0, 1), lm, b.longs(dv));
        Value auxTextVisual = b.expand(b.unsqueeze(auxVisual, 0), Shape.of(b2, lmDim, Dim.of(dv)), auxRowsShape);
        Value textVisual = b.concat(0, captionVisual, auxTextVisual);

        Value objectVisual = b.concat(0, objReps, noObjects(b, auxIds, objReps));
        Value objectLinguistic = b.concat(0, objLing, noObjects(b, auxIds, objLing));
        Value auxMaskShape = b.concat(0, b.shapeOf(auxIds, 0, 1), b.shapeOf(boxMask, 1, 2));
        Value auxBoxMask = b.cast(b.constantOfShape(auxMaskShape, boxMask.shape().with(0, b2), 0f), DType.BOOL);
        Value objectMask = b.concat(0, b.cast(boxMask, DType.BOOL), auxBoxMask);

        VisualLinguisticBert.Inputs in = new VisualLinguisticBert.Inputs(ids, types, textVisual, mask,
                objectVisual, objectLinguistic, objectMask);
        return new JointBatch(in, b.shapeOf(captionIds, 0, 1), lm, lmDim, true);
    }

    /**
     * The caption rows alone ({@code ResNetVLBERTForPretraining}): every text slot gets the
     * whole-image box feature, the objects are the caption's.
     */
    static JointBatch captionsOnly(GraphBuilder b, Value captionIds, Value objReps, Value objLing, Value boxMask) {
        Value types = b.cast(b.zerosLike(captionIds), DType.INT64);
        Value mask = b.greater(captionIds, b.longScalar(0));
        Value textVisual = VisualLinguisticBert.wholeImageForEachToken(b, objReps, captionIds);
        VisualLinguisticBert.Inputs in = new VisualLinguisticBert.Inputs(captionIds, types, textVisual, mask, objReps,
                objLing, b.cast(boxMask, DType.BOOL));
        return new JointBatch(in, b.shapeOf(captionIds, 0, 1), b.shapeOf(captionIds, 1, 2),
                captionIds.shape().get(1), false);
    }

    /** Zeros [B2, No, D] shaped like the caption-side tensor {@code like} [B1, No, D]. */
    private static Value noObjects(GraphBuilder b, Value auxIds, Value like) {
        Value shape = b.concat(0, b.shapeOf(auxIds, 0, 1), b.shapeOf(like, 1, 3));
        return b.constantOfShape(shape, like.shape().with(0, auxIds.shape().get(0)), 0f);
    }

    /** The caption rows [0, B1) of a joint-batch tensor (all of it without aux rows). */
    Value captionPart(GraphBuilder b, Value joint, Dim captionDim) {
        if (!hasAuxRows) {
            return joint;
        }
        return b.sliceDynamic(joint, 0, b.longs(0), captionRows, captionDim);
    }

    /**
     * The aux rows [B1, B1+B2) of a joint-batch tensor (not differentiable: outputs only). The end
     * is the joint row count B1+B2 (taken from the joint text ids, which depend on the inputs
     * only), not "to the end": the slice also defines the aux batch dim for the dims graph, where
     * end − start must be B2 and must not need dropout masks to compute.
     */
    Value auxPart(GraphBuilder b, Value joint, Dim auxDim) {
        return b.sliceDynamic(joint, 0, captionRows, b.shapeOf(inputs.textIds(), 0, 1), auxDim);
    }

    /** [B1+B2, 1] float: 1 for caption rows, 0 for aux rows. */
    Value captionRowWeights(GraphBuilder b, Value joint) {
        Value rows = b.range(b.squeeze(b.shapeOf(joint, 0, 1), 0), joint.shape().get(0));
        return b.unsqueeze(b.cast(b.less(rows, captionRows), DType.FLOAT), 1);
    }

    /**
     * The text part of the packed encoder output [B1+B2, L, H] as [B1+B2, Lm, H]: its first Lm
     * rows, the last row repeated if L < Lm (those positions are masked by {@link #beyondSequence}).
     */
    Value textRows(GraphBuilder b, Value sequence) {
        Value slot = b.range(b.squeeze(textLen, 0), textLenDim);
        Value last = b.sub(b.shapeOf(sequence, 1, 2), b.longs(1));
        Value idx = b.unsqueeze(b.min(slot, last), 0);                                      // [1, Lm]
        Shape known = Shape.of(sequence.shape().get(0), textLenDim);
        Value full = b.expand(idx, known, b.concat(0, b.shapeOf(sequence, 0, 1), textLen));
        return VisualLinguisticBert.gatherAlong1(b, sequence, full);
    }

    /**
     * [1, Lm, 1] bool: text slots at or past the packed length L. The reference pads its MLM
     * logits there with −10000 (pretraining.md §4.2 step 9); it never happens with collated data.
     */
    Value beyondSequence(GraphBuilder b, Value sequence) {
        Value slot = b.range(b.squeeze(textLen, 0), textLenDim);
        return b.unsqueeze(b.greaterOrEqual(slot, b.shapeOf(sequence, 1, 2)), 0, 2);
    }
}
