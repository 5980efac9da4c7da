package org.vlbert.features;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The project's region-feature Arrow schema (docs/data-formats.md, {@code vlbert.schema=regions},
 * version 1), written field by field as data-tools' {@code RegionSchema} defines it: one row per
 * image with {@code image_id} (utf8), {@code width}/{@code height} (int32, original pixels),
 * {@code boxes} (List&lt;FixedSizeList&lt;float32&gt;[4]&gt;, original pixels), {@code features}
 * (List&lt;FixedSizeList&lt;float32&gt;[D]&gt;) and optionally {@code image_box_feature}
 * (FixedSizeList&lt;float32&gt;[D], the whole image as one more RoI).
 */
public final class RegionArrow {
    public static final String IMAGE_ID = "image_id";
    public static final String WIDTH = "width";
    public static final String HEIGHT = "height";
    public static final String BOXES = "boxes";
    public static final String FEATURES = "features";
    public static final String IMAGE_BOX_FEATURE = "image_box_feature";
    private static final String ITEM = "item";
    private static final ArrowType FLOAT32 = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);

    private RegionArrow() {}

    public static Schema schema(int featureDim, boolean imageBoxFeature, Map<String, String> extraMeta) {
        List<Field> f = new ArrayList<>();
        f.add(leaf(IMAGE_ID, ArrowType.Utf8.INSTANCE, false));
        f.add(leaf(WIDTH, new ArrowType.Int(32, true), false));
        f.add(leaf(HEIGHT, new ArrowType.Int(32, true), false));
        f.add(matrix(BOXES, 4));
        f.add(matrix(FEATURES, featureDim));
        if (imageBoxFeature) {
            f.add(floats(IMAGE_BOX_FEATURE, true, featureDim));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("vlbert.schema", "regions");
        meta.put("vlbert.schema_version", "1");
        meta.put("vlbert.feature_dim", Integer.toString(featureDim));
        meta.put("vlbert.feature_type", "float32");
        meta.putAll(extraMeta);
        return new Schema(f, meta);
    }

    private static Field leaf(String name, ArrowType type, boolean nullable) {
        return new Field(name, new FieldType(nullable, type, null), null);
    }

    private static Field floats(String name, boolean nullable, int width) {
        return new Field(name, new FieldType(nullable, new ArrowType.FixedSizeList(width), null),
                List.of(leaf(ITEM, FLOAT32, false)));
    }

    private static Field matrix(String name, int width) {
        return new Field(name, new FieldType(false, ArrowType.List.INSTANCE, null), List.of(floats(ITEM, false, width)));
    }
}
