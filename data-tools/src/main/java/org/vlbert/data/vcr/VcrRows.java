package org.vlbert.data.vcr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.vlbert.data.arrow.ArrowSink;
import org.vlbert.data.arrow.Columns;
import org.vlbert.data.schema.SchemaMeta;
import org.vlbert.data.schema.VcrSchema;
import org.vlbert.data.text.TokenIds;
import org.vlbert.data.text.WordPieceTokenizer;

/** Writes rows and schema metadata of a VCR file (the converter and the demo generator share them). */
public final class VcrRows {
    private static final ObjectMapper JSON = new ObjectMapper();

    private VcrRows() {}

    /** Metadata: the word-pieces of every person and class name, the id of "and", vocab and writer. */
    public static Map<String, String> metadata(WordPieceTokenizer tokenizer, String vocabDescription, String writer) {
        Map<String, int[]> names = new LinkedHashMap<>();
        for (String n : VcrNames.GENDER_NEUTRAL_NAMES) {
            names.put(n, TokenIds.of(tokenizer, n));
        }
        for (String n : VcrNames.COCO_CLASSES) {
            names.putIfAbsent(n, TokenIds.of(tokenizer, n));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        try {
            meta.put(VcrSchema.META_NAME_PIECES, JSON.writeValueAsString(names));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        meta.put(VcrSchema.META_AND_ID, Integer.toString(TokenIds.wholeWordId(tokenizer, "and")));
        return SchemaMeta.withProvenance(meta, vocabDescription, writer);
    }

    public static void append(ArrowSink sink, VcrItem item) {
        VectorSchemaRoot root = sink.root();
        int row = sink.row();
        Columns.utf8(root.getVector(VcrSchema.ANNOT_ID), row, item.annotId());
        Columns.utf8(root.getVector(VcrSchema.MOVIE), row, item.movie());
        Columns.utf8(root.getVector(VcrSchema.IMG_FN), row, item.imgFn());
        Columns.utf8(root.getVector(VcrSchema.METADATA_FN), row, item.metadataFn());
        Columns.utf8List(root.getVector(VcrSchema.OBJECTS), row, item.objects());
        VcrColumns.writeTokens((ListVector) root.getVector(VcrSchema.QUESTION), row, item.question());
        VcrColumns.writeChoices((ListVector) root.getVector(VcrSchema.ANSWER_CHOICES), row, item.answerChoices());
        VcrColumns.writeChoices((ListVector) root.getVector(VcrSchema.RATIONALE_CHOICES), row, item.rationaleChoices());
        Columns.int32(root.getVector(VcrSchema.ANSWER_LABEL), row, item.answerLabel());
        Columns.int32(root.getVector(VcrSchema.RATIONALE_LABEL), row, item.rationaleLabel());
        Columns.int32(root.getVector(VcrSchema.IMAGE_WIDTH), row, item.imageWidth());
        Columns.int32(root.getVector(VcrSchema.IMAGE_HEIGHT), row, item.imageHeight());
        float[] boxes = new float[item.boxes().length * 5];
        for (int o = 0; o < item.boxes().length; o++) {
            System.arraycopy(item.boxes()[o], 0, boxes, o * 5, 5);
        }
        Columns.floatMatrix(root.getVector(VcrSchema.BOXES), row, boxes, item.boxes().length);
        VcrColumns.writeSegms((ListVector) root.getVector(VcrSchema.SEGMS), row, item.segms());
        sink.endRow();
    }
}
