package org.vlbert.data.text;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.vlbert.data.arrow.ArrowSink;
import org.vlbert.data.arrow.Columns;
import org.vlbert.data.schema.TextSchema;

/** Writes rows of a captions or corpus file (the converter and the demo generator share them). */
public final class TextRows {
    private TextRows() {}

    /** @param imageId the caption's image (null for corpus rows) */
    public static void append(ArrowSink sink, String imageId, String text, WordPieces pieces) {
        VectorSchemaRoot root = sink.root();
        int row = sink.row();
        if (imageId != null) {
            Columns.utf8(root.getVector(TextSchema.IMAGE_ID), row, imageId);
        }
        Columns.utf8(root.getVector(TextSchema.TEXT), row, text);
        Columns.int32List(root.getVector(TextSchema.PIECE_IDS), row, pieces.pieceIds());
        Columns.int32List(root.getVector(TextSchema.WORD_LENGTHS), row, pieces.wordLengths());
        sink.endRow();
    }
}
