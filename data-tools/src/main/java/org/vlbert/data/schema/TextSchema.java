package org.vlbert.data.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Pretraining text: Conceptual Captions (one row per caption) and the text-only corpus (one row
 * per non-empty line). Text is stored already split into BasicTokenizer words and their
 * WordPieces, because whole-word masking (drawn anew every epoch) needs the word boundaries.
 *
 * <pre>
 * image_id      utf8          captions only: key into a regions file
 * text          utf8          the caption (words joined by single spaces) or the stripped line
 * piece_ids     List&lt;int32&gt;   WordPiece ids of all words, in order
 * word_lengths  List&lt;int32&gt;   number of pieces of each basic word (sums to len(piece_ids))
 * </pre>
 */
public final class TextSchema {
    public static final String IMAGE_ID = "image_id";
    public static final String TEXT = "text";
    public static final String PIECE_IDS = "piece_ids";
    public static final String WORD_LENGTHS = "word_lengths";

    private TextSchema() {}

    public static Schema captions(Map<String, String> extraMeta) {
        return SchemaMeta.schema(FileKind.CAPTIONS, fields(true), extraMeta);
    }

    public static Schema corpus(Map<String, String> extraMeta) {
        return SchemaMeta.schema(FileKind.CORPUS, fields(false), extraMeta);
    }

    private static List<Field> fields(boolean withImage) {
        List<Field> f = new ArrayList<>();
        if (withImage) {
            f.add(Fields.utf8(IMAGE_ID, false));
        }
        f.add(Fields.utf8(TEXT, false));
        f.add(Fields.int32List(PIECE_IDS, false));
        f.add(Fields.int32List(WORD_LENGTHS, false));
        return f;
    }
}
