package org.vlbert.graphs.model.vlbert;

import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Dim;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.tensor.DType;

/**
 * Index arithmetic of the "seamless concatenation" (model.md §4.3). For packed position p of
 * sample b with T_b real text tokens and O_b real objects: p < T_b is text (the p-th real token),
 * p < T_b+O_b an object, p == T_b+O_b the [END] token, anything later padding. The packed length
 * is L = max_b(T_b + O_b) + 1.
 *
 * <p>Rows are gathered from a table [text slots (Lt) | object slots (No) | END | zero]. The
 * order of real slots is found with TopK over key = slot + (not real) * count, which keeps real
 * slots first and in their original order even if a mask has holes.
 */
final class Packing {
    private final Value textLen;      // T [B] int64
    private final Value objectLen;    // O [B] int64
    private final Value pos;          // [1, L] int64
    private final Value isText;       // [B, L] bool
    private final Value isObject;
    private final Value isEnd;
    private final Value textSlot;     // [B, L] int64 (valid where isText)
    private final Value objectSlot;   // [B, L] int64 (valid where isObject), already offset by Lt
    private final Value ltScalar;     // Lt as [1]
    private final Value noScalar;     // No as [1]
    private final Value attention;    // [B, L] bool

    private Packing(Value textLen, Value objectLen, Value pos, Value isText, Value isObject, Value isEnd,
                    Value textSlot, Value objectSlot, Value lt, Value no, Value attention) {
        this.textLen = textLen;
        this.objectLen = objectLen;
        this.pos = pos;
        this.isText = isText;
        this.isObject = isObject;
        this.isEnd = isEnd;
        this.textSlot = textSlot;
        this.objectSlot = objectSlot;
        this.ltScalar = lt;
        this.noScalar = no;
        this.attention = attention;
    }

    static Packing build(GraphBuilder b, Value textMask, Value objectMask) {
        Value tmask = b.cast(textMask, DType.BOOL);
        Value omask = b.cast(objectMask, DType.BOOL);
        Value t = b.reduceSum(b.cast(tmask, DType.INT64), false, 1);                // [B]
        Value o = b.reduceSum(b.cast(omask, DType.INT64), false, 1);
        Value lt = b.shapeOf(tmask, 1, 2);                                          // [1]
        Value no = b.shapeOf(omask, 1, 2);
        Value total = b.add(t, o);
        Value len = b.add(b.reduceMax(total, false, 0), b.longScalar(1));           // scalar L
        Dim packedLen = Dim.sym(VisualLinguisticBert.PACKED_LEN);
        Value pos = b.unsqueeze(b.range(len, packedLen), 0);                        // [1, L]
        Value tCol = b.unsqueeze(t, 1);                                             // [B, 1]
        Value endCol = b.unsqueeze(total, 1);
        Value isText = b.less(pos, tCol);
        Value isEnd = b.equal(pos, endCol);
        Value isObject = b.and(b.not(isText), b.less(pos, endCol));
        Value attention = b.lessOrEqual(pos, endCol);

        Value textOrder = realSlotOrder(b, tmask, lt);                              // [B, Lt]
        Value objectOrder = realSlotOrder(b, omask, no);                            // [B, No]
        Value textSlot = gatherClamped(b, textOrder, pos, lt);
        Value objectSlot = b.add(gatherClamped(b, objectOrder, b.sub(pos, tCol), no), lt);
        return new Packing(t, o, pos, isText, isObject, isEnd, textSlot, objectSlot, lt, no, attention);
    }

    /** Slot indices with the real slots first, in order: TopK(smallest) of slot + (!mask)*count. */
    private static Value realSlotOrder(GraphBuilder b, Value mask, Value count) {
        Value slots = b.cast(b.range(b.squeeze(count, 0), mask.shape().get(1)), DType.FLOAT);
        Value notReal = b.cast(b.not(mask), DType.FLOAT);
        Value key = b.add(b.unsqueeze(slots, 0), b.mul(notReal, b.cast(count, DType.FLOAT)));
        return b.topKIndices(key, count, mask.shape().get(1), 1, false);
    }

    /** order[b, clamp(p, 0, n-1)] for every packed position (n may be 0: then 0 is used). */
    private static Value gatherClamped(GraphBuilder b, Value order, Value p, Value n) {
        // Append one dummy column so the table is never empty, then clamp into [0, n].
        Value dummy = b.constantOfShape(b.concat(0, b.shapeOf(order, 0, 1), b.longs(1)),
                Shape.of(order.shape().get(0), Dim.of(1)), 0f);
        Value padded = b.concat(1, order, b.cast(dummy, DType.INT64));
        Value maxIdx = b.max(b.sub(n, b.longs(1)), b.longs(0));
        Value idx = b.min(b.max(p, b.longScalar(0)), maxIdx);                       // [B or 1, L]
        Value shape = b.concat(0, b.shapeOf(order, 0, 1), b.shapeOf(p, 1, 2));
        Value full = b.expand(idx, Shape.of(order.shape().get(0), p.shape().get(1)), shape);
        return b.gatherElements(padded, full, 1);
    }

    /** Row indices into [text | objects | END | zero] for every packed position. */
    private Value rowIndex(GraphBuilder b) {
        Value endIdx = b.add(ltScalar, noScalar);
        Value zeroIdx = b.add(endIdx, b.longs(1));
        Value tail = b.where(isEnd, b.unsqueeze(endIdx, 0), b.unsqueeze(zeroIdx, 0));
        return b.where(isText, textSlot, b.where(isObject, objectSlot, tail));
    }

    /** The packed sequence: rows of {@code table} [B, Lt+No+2, H] in packed order. */
    Value gatherRows(GraphBuilder b, Value table) {
        return VisualLinguisticBert.gatherAlong1(b, table, rowIndex(b));
    }

    /** Token types: the text's own ids, 2 for objects and [END], 0 for padding. */
    Value tokenTypes(GraphBuilder b, Value textTypes) {
        Value types = b.cast(textTypes, DType.INT64);
        Value lastSlot = b.sub(ltScalar, b.longs(1));
        Value slot = b.min(textSlot, b.unsqueeze(lastSlot, 0));
        Value textType = b.gatherElements(types, slot, 1);
        Value two = b.longScalar(2);
        Value zero = b.longScalar(0);
        return b.where(isText, textType, b.where(b.or(isObject, isEnd), two, zero));
    }

    /**
     * Position ids: text p; every object T_b; [END] T_b + 1; padding p — all shifted by
     * position_padding_idx + 1 (0 for the default -1).
     */
    Value positionIds(GraphBuilder b, long paddingIdx) {
        Value tCol = b.unsqueeze(textLen, 1);
        Value ids = b.where(isText, b.expand(pos, isText.shape(), b.shapeOf(isText)),
                b.where(isObject, tCol, b.where(isEnd, b.add(tCol, b.longScalar(1)), pos)));
        long offset = paddingIdx + 1;
        return offset == 0 ? ids : b.add(ids, b.longScalar(offset));
    }

    Value attentionMask() {
        return attention;
    }

    Value textLen() {
        return textLen;
    }

    Value objectLen() {
        return objectLen;
    }
}
