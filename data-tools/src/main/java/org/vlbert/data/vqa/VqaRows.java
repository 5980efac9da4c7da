package org.vlbert.data.vqa;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.vlbert.data.arrow.ArrowSink;
import org.vlbert.data.arrow.Columns;
import org.vlbert.data.schema.VqaSchema;

/** Appends {@link VqaSample}s to a VQA file being written. */
public final class VqaRows {
    private VqaRows() {}

    public static void append(ArrowSink sink, VqaSample s) {
        VectorSchemaRoot root = sink.root();
        int row = sink.row();
        Columns.int64(root.getVector(VqaSchema.QUESTION_ID), row, s.questionId());
        Columns.utf8(root.getVector(VqaSchema.IMAGE_ID), row, s.imageId());
        Columns.utf8(root.getVector(VqaSchema.QUESTION), row, s.question());
        Columns.int32List(root.getVector(VqaSchema.QUESTION_IDS), row, s.questionIds());
        Columns.utf8List(root.getVector(VqaSchema.ANSWERS), row, s.answers());
        Columns.utf8(root.getVector(VqaSchema.MULTIPLE_CHOICE_ANSWER), row, s.multipleChoiceAnswer());
        Columns.utf8(root.getVector(VqaSchema.ANSWER_TYPE), row, s.answerType());
        Columns.utf8(root.getVector(VqaSchema.QUESTION_TYPE), row, s.questionType());
        Columns.int32List(root.getVector(VqaSchema.LABEL_INDICES), row, s.labelIndices());
        Columns.float32List(root.getVector(VqaSchema.LABEL_SCORES), row, s.labelScores());
        sink.endRow();
    }
}
