package org.vlbert.data.refcoco;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.vlbert.data.arrow.ArrowSink;
import org.vlbert.data.arrow.Columns;
import org.vlbert.data.schema.RefcocoSchema;
import org.vlbert.data.schema.SchemaMeta;
import org.vlbert.data.schema.VqaSchema;
import org.vlbert.data.text.TokenIds;
import org.vlbert.data.text.WordPieceTokenizer;

/** Writes rows and schema metadata of a RefCOCO+ file (the converter and the demo generator share them). */
public final class RefcocoRows {
    private RefcocoRows() {}

    /** Metadata: the word-piece ids of "left" and "right" (swapped on flips), vocab and writer. */
    public static Map<String, String> metadata(WordPieceTokenizer tokenizer, String vocabDescription, String writer) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(VqaSchema.META_LEFT_ID, Integer.toString(TokenIds.wholeWordId(tokenizer, "left")));
        meta.put(VqaSchema.META_RIGHT_ID, Integer.toString(TokenIds.wholeWordId(tokenizer, "right")));
        return SchemaMeta.withProvenance(meta, vocabDescription, writer);
    }

    public static void append(ArrowSink sink, RefcocoRef r) {
        VectorSchemaRoot root = sink.root();
        int row = sink.row();
        Columns.int64(root.getVector(RefcocoSchema.REF_ID), row, r.refId());
        Columns.int64(root.getVector(RefcocoSchema.ANN_ID), row, r.annId());
        Columns.utf8(root.getVector(RefcocoSchema.IMAGE_ID), row, r.imageId());
        Columns.utf8(root.getVector(RefcocoSchema.SPLIT), row, r.split());
        Columns.int32(root.getVector(RefcocoSchema.CATEGORY_ID), row, r.categoryId());
        Columns.utf8(root.getVector(RefcocoSchema.FILE_NAME), row, r.fileName());
        Columns.int32(root.getVector(RefcocoSchema.IMAGE_WIDTH), row, r.imageWidth());
        Columns.int32(root.getVector(RefcocoSchema.IMAGE_HEIGHT), row, r.imageHeight());
        Columns.floatVector(root.getVector(RefcocoSchema.GT_BOX), row, Boxes.le(new float[][] {r.gtBox()}));
        ListVector sentences = (ListVector) root.getVector(RefcocoSchema.SENTENCES);
        int start = sentences.startNewValue(row);
        StructVector s = (StructVector) sentences.getDataVector();
        for (int k = 0; k < r.sentences().size(); k++) {
            RefSentence sent = r.sentences().get(k);
            int idx = start + k;
            s.setIndexDefined(idx);
            Columns.int64(s.getChild(RefcocoSchema.SENT_ID), idx, sent.sentId());
            Columns.utf8(s.getChild(RefcocoSchema.RAW), idx, sent.raw());
            Columns.utf8(s.getChild(RefcocoSchema.SENT), idx, sent.sent());
            Columns.utf8List(s.getChild(RefcocoSchema.TOKENS), idx, sent.tokens());
            Columns.int32List(s.getChild(RefcocoSchema.IDS), idx, sent.ids());
        }
        sentences.endValue(row, r.sentences().size());
        Columns.floatMatrix(root.getVector(RefcocoSchema.GT_BOXES), row, Boxes.le(r.gtBoxes()), r.gtBoxes().length);
        if (r.proposalBoxes() == null) {
            ((ListVector) root.getVector(RefcocoSchema.PROPOSAL_BOXES)).setNull(row);
        } else {
            Columns.floatMatrix(root.getVector(RefcocoSchema.PROPOSAL_BOXES), row, Boxes.le(r.proposalBoxes()),
                    r.proposalBoxes().length);
        }
        sink.endRow();
    }
}
