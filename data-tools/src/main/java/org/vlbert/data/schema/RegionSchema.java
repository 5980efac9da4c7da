package org.vlbert.data.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Region features, one row per image: the BUTD detector output in original-image pixels.
 *
 * <pre>
 * image_id          utf8                                  image key (COCO id as decimal, CC line id, ...)
 * width, height     int32                                 ORIGINAL image size in pixels
 * boxes             List&lt;FixedSizeList&lt;float32&gt;[4]&gt;       x1, y1, x2, y2 per region, original pixels
 * features          List&lt;FixedSizeList&lt;float32|float16&gt;[D]&gt; pooled feature per region (D = 2048 for BUTD)
 * image_box_feature FixedSizeList&lt;float32|float16&gt;[D]       optional, whole-image feature (else the mean)
 * class_scores      List&lt;FixedSizeList&lt;float32&gt;[C]&gt;       optional, detector class scores (C = 1601)
 * attr_scores       List&lt;FixedSizeList&lt;float32&gt;[A]&gt;       optional, attribute scores (A = 401)
 * class_labels, attr_labels            List&lt;int32&gt;          optional, argmax ids (LXMERT-style TSVs)
 * class_confidences, attr_confidences  List&lt;float32&gt;        optional, their confidences
 * </pre>
 */
public final class RegionSchema {
    public static final String IMAGE_ID = "image_id";
    public static final String WIDTH = "width";
    public static final String HEIGHT = "height";
    public static final String BOXES = "boxes";
    public static final String FEATURES = "features";
    public static final String IMAGE_BOX_FEATURE = "image_box_feature";
    public static final String CLASS_SCORES = "class_scores";
    public static final String ATTR_SCORES = "attr_scores";
    public static final String CLASS_LABELS = "class_labels";
    public static final String CLASS_CONFIDENCES = "class_confidences";
    public static final String ATTR_LABELS = "attr_labels";
    public static final String ATTR_CONFIDENCES = "attr_confidences";
    /** Metadata: the feature width D. */
    public static final String META_FEATURE_DIM = "vlbert.feature_dim";
    /** Metadata: {@code float32} or {@code float16}. */
    public static final String META_FEATURE_TYPE = "vlbert.feature_type";

    private RegionSchema() {}

    /** Which optional columns a file has, and their widths. */
    public record Layout(int featureDim, boolean fp16, boolean imageBoxFeature, int classScoreDim,
                         int attrScoreDim, boolean labels, boolean attrLabels) {
        public Layout {
            if (featureDim <= 0) {
                throw new IllegalArgumentException("feature dim must be positive: " + featureDim);
            }
        }

        /** Only boxes and features (the 6-field BUTD TSV). */
        public static Layout basic(int featureDim, boolean fp16) {
            return new Layout(featureDim, fp16, false, 0, 0, false, false);
        }
    }

    public static Schema schema(Layout layout, Map<String, String> extraMeta) {
        List<Field> f = new ArrayList<>();
        f.add(Fields.utf8(IMAGE_ID, false));
        f.add(Fields.int32(WIDTH, false));
        f.add(Fields.int32(HEIGHT, false));
        f.add(Fields.floatMatrix(BOXES, false, 4, false));
        f.add(Fields.floatMatrix(FEATURES, false, layout.featureDim(), layout.fp16()));
        if (layout.imageBoxFeature()) {
            f.add(Fields.floats(IMAGE_BOX_FEATURE, true, layout.featureDim(), layout.fp16()));
        }
        if (layout.classScoreDim() > 0) {
            f.add(Fields.floatMatrix(CLASS_SCORES, false, layout.classScoreDim(), false));
        }
        if (layout.attrScoreDim() > 0) {
            f.add(Fields.floatMatrix(ATTR_SCORES, false, layout.attrScoreDim(), false));
        }
        if (layout.labels()) {
            f.add(Fields.int32List(CLASS_LABELS, false));
            f.add(Fields.float32List(CLASS_CONFIDENCES, false));
        }
        if (layout.attrLabels()) {
            f.add(Fields.int32List(ATTR_LABELS, false));
            f.add(Fields.float32List(ATTR_CONFIDENCES, false));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(META_FEATURE_DIM, Integer.toString(layout.featureDim()));
        meta.put(META_FEATURE_TYPE, layout.fp16() ? "float16" : "float32");
        meta.putAll(extraMeta);
        return SchemaMeta.schema(FileKind.REGIONS, f, meta);
    }
}
