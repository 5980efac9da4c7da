package org.vlbert.graphs.model.vlbert;

import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Dim;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.tensor.DType;

/**
 * The VQA wrapper's text: {@code [CLS] q_1..q_n [SEP] [MASK] [SEP]} per sample, right-padded
 * with 0 to max(n)+4; token types 0 except 1 for [MASK] and the final [SEP]; the answer is read
 * at position n+2 (tasks.md §1.1 step 2).
 */
record QuestionText(Value ids, Value types, Value mask, Value answerPosition) {
    static QuestionText build(GraphBuilder b, Value question, VlBertDims d) {
        Value q = b.cast(question, DType.INT64);
        Value zero = b.longScalar(0);
        Value n = b.reduceSum(b.cast(b.greater(q, zero), DType.INT64), false, 1);    // [B]
        Value len = b.add(b.reduceMax(n, false, 0), b.longScalar(4));
        Dim textLen = Dim.sym("text_len");
        Value j = b.unsqueeze(b.range(len, textLen), 0);                            // [1, Lt]
        Value nCol = b.unsqueeze(n, 1);                                             // [B, 1]
        Shape bt = Shape.of(q.shape().get(0), textLen);
        Value btShape = b.concat(0, b.shapeOf(q, 0, 1), b.unsqueeze(len, 0));

        Value lastQ = b.sub(b.shapeOf(q, 1, 2), b.longs(1));
        Value slot = b.min(b.max(b.sub(j, b.longScalar(1)), zero), b.unsqueeze(lastQ, 0));
        Value qAt = b.gatherElements(q, b.expand(slot, bt, btShape), 1);              // q[b, j-1]

        Value one = b.longScalar(1);
        Value two = b.longScalar(2);
        Value three = b.longScalar(3);
        Value ids = b.where(b.equal(j, zero), b.longScalar(d.clsId()),
                b.where(b.lessOrEqual(j, nCol), qAt,
                b.where(b.equal(j, b.add(nCol, one)), b.longScalar(d.sepId()),
                b.where(b.equal(j, b.add(nCol, two)), b.longScalar(d.maskId()),
                b.where(b.equal(j, b.add(nCol, three)), b.longScalar(d.sepId()), zero)))));
        Value isAnswerSegment = b.and(b.greaterOrEqual(j, b.add(nCol, two)), b.lessOrEqual(j, b.add(nCol, three)));
        Value types = b.cast(isAnswerSegment, DType.INT64);
        Value mask = b.less(j, b.add(nCol, b.longScalar(4)));
        return new QuestionText(ids, types, mask, b.add(n, two));
    }
}
