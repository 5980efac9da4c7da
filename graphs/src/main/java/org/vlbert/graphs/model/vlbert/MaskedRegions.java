package org.vlbert.graphs.model.vlbert;

import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Dim;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;

/**
 * Masked-RoI inputs of pretraining (pretraining.md §3.2, §4.2 steps 3 and 6): where
 * {@code mvrc_ops == 1} a region's precomputed 2048-d appearance feature is replaced by the
 * learned {@code object_mask_visual_embedding} and its linguistic embedding by
 * {@code object_mask_word_embedding}. The reference overwrites {@code boxes[..., 4:]} in place;
 * here the replaced tensor is a new value with the same effect on everything downstream.
 */
public final class MaskedRegions {
    private MaskedRegions() {}

    /** Whether each region is masked: {@code ops == 1}, as [B, N, 1] for broadcasting over features. */
    static Value maskedColumn(GraphBuilder b, Value ops) {
        return b.unsqueeze(b.equal(ops, b.longScalar(1)), 2);
    }

    /**
     * Boxes [B, N, 4+2048] with the feature part of masked regions replaced by {@code maskVisual}
     * [1, 2048]; coordinates untouched. {@code ops} [B, N] int64.
     */
    public static Value replaceFeatures(GraphBuilder b, Value boxes, Value ops, Value maskVisual) {
        Value coords = b.slice(boxes, 2, 0, 4);
        Value feats = b.slice(boxes, 2, 4, 4 + RegionFeatures.FEATURE_DIM);
        Value replaced = b.where(maskedColumn(b, ops), maskVisual, feats);
        return b.concat(2, coords, replaced);
    }

    /**
     * Object linguistic embeddings [B, N, H]: the "[IMG]" row {@code objectTable} [1, H] for every
     * region, or {@code maskWord} [1, H] for masked regions (null = no MVRC task: never replaced).
     */
    public static Value linguistic(GraphBuilder b, Value ops, Value objectTable, Value maskWord) {
        long h = objectTable.shape().get(1).size();
        Shape known = Shape.of(ops.shape().get(0), ops.shape().get(1), Dim.of(h));
        if (maskWord == null) {
            Value shape = b.concat(0, b.shapeOf(ops), b.longs(h));
            return b.expand(b.unsqueeze(objectTable, 0), known, shape);
        }
        return b.where(maskedColumn(b, ops), maskWord, objectTable);
    }
}
