package org.vlbert.data.schema;

import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * RefCOCO+ referring expressions, one row per ref (REFER's {@code refs(unc).p} entry) with the
 * COCO data the reference dataset reads for it.
 *
 * <pre>
 * ref_id, ann_id      int64
 * image_id            utf8          COCO image id (decimal)
 * split               utf8          train / val / testA / testB
 * category_id         int32
 * file_name           utf8          REFER's file name (nullable)
 * image_width/height  int32         from COCO images[]
 * gt_box              FixedSizeList&lt;float32&gt;[4]   the ref's annotation, [x, y, x+w, y+h]
 * sentences           List&lt;Struct{sent_id int64, raw utf8, sent utf8, tokens List&lt;utf8&gt;,
 *                                ids List&lt;int32&gt;}&gt;    ids = WordPieces of ' '.join(tokens)
 * gt_boxes            List&lt;FixedSizeList&lt;float32&gt;[4]&gt;  every COCO annotation of the image, file order
 * proposal_boxes      List&lt;FixedSizeList&lt;float32&gt;[4]&gt;  detections of the image, file order
 *                                                     (null when converted without a detections file)
 * </pre>
 * Metadata: {@value VqaSchema#META_LEFT_ID}/{@value VqaSchema#META_RIGHT_ID} for flips.
 */
public final class RefcocoSchema {
    public static final String REF_ID = "ref_id";
    public static final String ANN_ID = "ann_id";
    public static final String IMAGE_ID = "image_id";
    public static final String SPLIT = "split";
    public static final String CATEGORY_ID = "category_id";
    public static final String FILE_NAME = "file_name";
    public static final String IMAGE_WIDTH = "image_width";
    public static final String IMAGE_HEIGHT = "image_height";
    public static final String GT_BOX = "gt_box";
    public static final String SENTENCES = "sentences";
    public static final String SENT_ID = "sent_id";
    public static final String RAW = "raw";
    public static final String SENT = "sent";
    public static final String TOKENS = "tokens";
    public static final String IDS = "ids";
    public static final String GT_BOXES = "gt_boxes";
    public static final String PROPOSAL_BOXES = "proposal_boxes";

    private RefcocoSchema() {}

    public static Schema schema(Map<String, String> extraMeta) {
        Field sentence = Fields.struct("item", false, Fields.int64(SENT_ID, false), Fields.utf8(RAW, false),
                Fields.utf8(SENT, false), Fields.utf8List(TOKENS, false), Fields.int32List(IDS, false));
        List<Field> f = List.of(
                Fields.int64(REF_ID, false),
                Fields.int64(ANN_ID, false),
                Fields.utf8(IMAGE_ID, false),
                Fields.utf8(SPLIT, false),
                Fields.int32(CATEGORY_ID, false),
                Fields.utf8(FILE_NAME, true),
                Fields.int32(IMAGE_WIDTH, false),
                Fields.int32(IMAGE_HEIGHT, false),
                Fields.floats(GT_BOX, false, 4, false),
                Fields.list(SENTENCES, false, sentence),
                Fields.floatMatrix(GT_BOXES, false, 4, false),
                Fields.floatMatrix(PROPOSAL_BOXES, true, 4, false));
        return SchemaMeta.schema(FileKind.REFCOCO, f, extraMeta);
    }
}
