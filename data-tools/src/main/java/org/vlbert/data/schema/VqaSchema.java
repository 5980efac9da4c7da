package org.vlbert.data.schema;

import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * VQA v2 samples, one row per question (the reference's database entry plus its tokens and
 * training target).
 *
 * <pre>
 * question_id            int64
 * image_id               utf8          key into a regions file
 * question               utf8          raw question text
 * question_ids           List&lt;int32&gt;   WordPiece ids of tokenize(question), no [CLS]/[SEP]
 * answers                List&lt;utf8&gt;    the 10 raw annotator answers (null without annotations)
 * multiple_choice_answer utf8          (null without annotations)
 * answer_type            utf8          (null without annotations)
 * question_type          utf8          (null without annotations)
 * label_indices          List&lt;int32&gt;   soft-target entries with a non-zero score, ascending
 * label_scores           List&lt;float32&gt; their scores (0.3/0.6/0.9/1.0 for 10 answers)
 * </pre>
 * Metadata: {@value #META_ANSWER_VOCAB} (JSON array of the processed answer vocabulary, index =
 * label index), {@value #META_LEFT_ID}/{@value #META_RIGHT_ID} (ids of the WordPieces swapped
 * on horizontal flips, -1 if absent) and {@link SchemaMeta#VOCAB}.
 */
public final class VqaSchema {
    public static final String QUESTION_ID = "question_id";
    public static final String IMAGE_ID = "image_id";
    public static final String QUESTION = "question";
    public static final String QUESTION_IDS = "question_ids";
    public static final String ANSWERS = "answers";
    public static final String MULTIPLE_CHOICE_ANSWER = "multiple_choice_answer";
    public static final String ANSWER_TYPE = "answer_type";
    public static final String QUESTION_TYPE = "question_type";
    public static final String LABEL_INDICES = "label_indices";
    public static final String LABEL_SCORES = "label_scores";
    public static final String META_ANSWER_VOCAB = "vlbert.answer_vocab";
    public static final String META_LEFT_ID = "vlbert.token_id.left";
    public static final String META_RIGHT_ID = "vlbert.token_id.right";

    private VqaSchema() {}

    public static Schema schema(Map<String, String> extraMeta) {
        List<Field> f = List.of(
                Fields.int64(QUESTION_ID, false),
                Fields.utf8(IMAGE_ID, false),
                Fields.utf8(QUESTION, false),
                Fields.int32List(QUESTION_IDS, false),
                Fields.utf8List(ANSWERS, true),
                Fields.utf8(MULTIPLE_CHOICE_ANSWER, true),
                Fields.utf8(ANSWER_TYPE, true),
                Fields.utf8(QUESTION_TYPE, true),
                Fields.int32List(LABEL_INDICES, true),
                Fields.float32List(LABEL_SCORES, true));
        return SchemaMeta.schema(FileKind.VQA, f, extraMeta);
    }
}
