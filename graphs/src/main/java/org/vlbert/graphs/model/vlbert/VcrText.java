package org.vlbert.graphs.model.vlbert;

import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Dim;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.tensor.DType;

/**
 * The VCR wrapper's text ({@code prepare_text_from_qa}, tasks.md §2.1 step 3), one row per
 * (sample, choice) folded into the batch (row b*C + c):
 * {@code [CLS] q_1..q_n [SEP] a_1..a_m [SEP]}, zero padded to max_b(n_b + max_c m_bc) + 3.
 * Token types are 1 from a_1 through the final [SEP]; tags are the tokens' object tags (0 for
 * [CLS], [SEP] and padding). Tokens with id > 0 are real; like the reference's masked copy this
 * assumes they form a prefix of each question/answer row (the collate pads only at the end).
 *
 * @param ids   [B*C, Lt] int64 word-piece ids
 * @param types [B*C, Lt] int64 segment ids
 * @param tags  [B*C, Lt] int64 object tags as given (may be negative; clamp before gathering)
 * @param mask  [B*C, Lt] bool, true up to and including the final [SEP]
 */
record VcrText(Value ids, Value types, Value tags, Value mask) {
    /** Dynamic dim name of the assembled text length. */
    static final String TEXT_LEN = "text_len";

    /**
     * @param question [B, Lq, 3] int64 rows (id, tag, align id)
     * @param answers  [B, C, La, 3] int64 rows (id, tag, align id)
     */
    static VcrText build(GraphBuilder b, Value question, Value answers, long clsId, long sepId) {
        Value zero = b.longScalar(0);
        Value one = b.longScalar(1);
        Value qIds = b.squeeze(b.slice(question, 2, 0, 1), 2);                      // [B, Lq]
        Value qTags = b.squeeze(b.slice(question, 2, 1, 2), 2);
        Value aIds = b.squeeze(b.slice(answers, 3, 0, 1), 3);                       // [B, C, La]
        Value aTags = b.squeeze(b.slice(answers, 3, 1, 2), 3);

        Value n = b.reduceSum(b.cast(b.greater(qIds, zero), DType.INT64), false, 1);            // [B]
        Value m = b.reduceSum(b.cast(b.greater(aIds, zero), DType.INT64), false, 2);            // [B, C]
        Value longest = b.reduceMax(b.add(n, b.reduceMax(m, false, 1)), false, 0);
        Value len = b.add(longest, b.longScalar(3));
        Dim textLen = Dim.sym(TEXT_LEN);
        Value k = b.unsqueeze(b.range(len, textLen), 0, 1);                          // [1, 1, Lt]

        Value qEnd = b.add(b.unsqueeze(n, 1, 2), one);                               // [B, 1, 1]
        Value aEnd = b.add(b.add(qEnd, one), b.unsqueeze(m, 2));                     // [B, C, 1]
        Value isQuestion = b.and(b.greater(k, zero), b.less(k, qEnd));
        Value isAnswer = b.and(b.greater(k, qEnd), b.less(k, aEnd));
        Value isSep = b.or(b.equal(k, qEnd), b.equal(k, aEnd));

        Dim batch = question.shape().get(0);
        Dim choices = answers.shape().get(1);
        // Question token k-1 (same for every choice) and answer token k - qEnd - 1.
        Value qSlot = clampIndex(b, b.sub(k, one), b.shapeOf(qIds, 1, 2));           // [1, 1, Lt]
        Value qSlotFull = b.expand(b.squeeze(qSlot, 0), Shape.of(batch, textLen),
                b.concat(0, b.shapeOf(qIds, 0, 1), b.unsqueeze(len, 0)));
        Value qIdAt = b.unsqueeze(b.gatherElements(qIds, qSlotFull, 1), 1);         // [B, 1, Lt]
        Value qTagAt = b.unsqueeze(b.gatherElements(qTags, qSlotFull, 1), 1);
        Value aSlot = clampIndex(b, b.sub(b.sub(k, qEnd), one), b.shapeOf(aIds, 2, 3));   // [B, 1, Lt]
        Value aSlotFull = b.expand(aSlot, Shape.of(batch, choices, textLen),
                b.concat(0, b.shapeOf(aIds, 0, 2), b.unsqueeze(len, 0)));
        Value aIdAt = b.gatherElements(aIds, aSlotFull, 2);                          // [B, C, Lt]
        Value aTagAt = b.gatherElements(aTags, aSlotFull, 2);

        Value ids = b.where(b.equal(k, zero), b.longScalar(clsId),
                b.where(isQuestion, qIdAt,
                b.where(isAnswer, aIdAt,
                b.where(isSep, b.longScalar(sepId), zero))));
        Value tags = b.where(isQuestion, qTagAt, b.where(isAnswer, aTagAt, zero));
        Value types = b.cast(b.and(b.greater(k, qEnd), b.lessOrEqual(k, aEnd)), DType.INT64);
        Value mask = b.lessOrEqual(k, aEnd);

        // Every piece already broadcasts to [B, C, Lt] through aEnd / the answer gather.
        return new VcrText(fold(b, ids), fold(b, types), fold(b, tags), fold(b, mask));
    }

    /** Clamps int64 indices into [0, count-1] (count: a 1-element int64 tensor). */
    private static Value clampIndex(GraphBuilder b, Value idx, Value count) {
        return b.max(b.min(idx, b.sub(count, b.longs(1))), b.longScalar(0));
    }

    /** [B, C, ...] -> [B*C, ...] (the reference's TimeDistributed flattening). */
    static Value fold(GraphBuilder b, Value x) {
        Shape known = x.shape().sub(2, x.rank()).inserted(0, x.shape().get(0).times(x.shape().get(1)));
        Value target = b.concat(0, b.longs(-1), b.shapeOf(x, 2, x.rank()));
        return b.reshape(x, known, target);
    }
}
