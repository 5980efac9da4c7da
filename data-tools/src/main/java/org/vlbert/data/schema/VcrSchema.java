package org.vlbert.data.schema;

import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * VCR annotations, one row per annotation line, with the per-image metadata folded in.
 *
 * <pre>
 * annot_id            utf8
 * movie               utf8 (nullable)
 * img_fn, metadata_fn utf8                    paths relative to vcr1images/
 * objects             List&lt;utf8&gt;              COCO class names (no spaces), index = object id
 * question            List&lt;Token&gt;
 * answer_choices      List&lt;List&lt;Token&gt;&gt;        4 choices
 * rationale_choices   List&lt;List&lt;Token&gt;&gt;        4 choices
 * answer_label        int32 (null in test)
 * rationale_label     int32 (null in test)
 * image_width/height  int32 (nullable)        from the metadata file
 * boxes               List&lt;FixedSizeList&lt;float32&gt;[5]&gt;          x1 y1 x2 y2 score per object, original pixels
 * segms               List&lt;List&lt;List&lt;FixedSizeList&lt;float32&gt;[2]&gt;&gt;&gt; per object, polygons of (x, y) points
 *
 * Token = Struct{ word: utf8 (null for an object reference),
 *                 objects: List&lt;int32&gt; (the referenced object ids; null for a word),
 *                 pieces: List&lt;int32&gt; (WordPiece ids of tokenize(word); empty for a reference) }
 * </pre>
 * Object references become names only at load time (the reference names persons with a rolling
 * counter), so the metadata carries the WordPiece ids of every possible name:
 * {@value #META_NAME_PIECES} (JSON object name → ids, for the 13 gender-neutral names and the 81
 * class names) and {@value #META_AND_ID}.
 */
public final class VcrSchema {
    public static final String ANNOT_ID = "annot_id";
    public static final String MOVIE = "movie";
    public static final String IMG_FN = "img_fn";
    public static final String METADATA_FN = "metadata_fn";
    public static final String OBJECTS = "objects";
    public static final String QUESTION = "question";
    public static final String ANSWER_CHOICES = "answer_choices";
    public static final String RATIONALE_CHOICES = "rationale_choices";
    public static final String ANSWER_LABEL = "answer_label";
    public static final String RATIONALE_LABEL = "rationale_label";
    public static final String IMAGE_WIDTH = "image_width";
    public static final String IMAGE_HEIGHT = "image_height";
    public static final String BOXES = "boxes";
    public static final String SEGMS = "segms";
    public static final String TOKEN_WORD = "word";
    public static final String TOKEN_OBJECTS = "objects";
    public static final String TOKEN_PIECES = "pieces";
    public static final String META_NAME_PIECES = "vlbert.vcr.name_pieces";
    public static final String META_AND_ID = "vlbert.vcr.and_id";

    private VcrSchema() {}

    public static Field token(String name) {
        return Fields.struct(name, false, Fields.utf8(TOKEN_WORD, true), Fields.int32List(TOKEN_OBJECTS, true),
                Fields.int32List(TOKEN_PIECES, false));
    }

    public static Schema schema(Map<String, String> extraMeta) {
        List<Field> f = List.of(
                Fields.utf8(ANNOT_ID, false),
                Fields.utf8(MOVIE, true),
                Fields.utf8(IMG_FN, false),
                Fields.utf8(METADATA_FN, false),
                Fields.utf8List(OBJECTS, false),
                Fields.list(QUESTION, false, token("item")),
                Fields.list(ANSWER_CHOICES, false, Fields.list("item", false, token("item"))),
                Fields.list(RATIONALE_CHOICES, false, Fields.list("item", false, token("item"))),
                Fields.int32(ANSWER_LABEL, true),
                Fields.int32(RATIONALE_LABEL, true),
                Fields.int32(IMAGE_WIDTH, true),
                Fields.int32(IMAGE_HEIGHT, true),
                Fields.floatMatrix(BOXES, false, 5, false),
                Fields.list(SEGMS, false, Fields.list("item", false, Fields.floatMatrix("item", false, 2, false))));
        return SchemaMeta.schema(FileKind.VCR, f, extraMeta);
    }
}
