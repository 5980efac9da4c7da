package org.vlbert.data.regions;

import java.util.Locale;
import java.util.Map;

/**
 * Field names of the bottom-up-attention outputs and the aliases used by its variants: the BUTD
 * TSV ({@code image_id image_w image_h num_boxes boxes features}), VL-BERT's per-image JSON (adds
 * {@code classes attrs image_box_feature}) and LXMERT-style TSVs ({@code img_id img_h img_w
 * objects_id objects_conf attrs_id attrs_conf num_boxes boxes features}).
 */
final class RegionFields {
    static final String IMAGE_ID = "image_id";
    static final String IMAGE_W = "image_w";
    static final String IMAGE_H = "image_h";
    static final String NUM_BOXES = "num_boxes";
    static final String BOXES = "boxes";
    static final String FEATURES = "features";
    static final String IMAGE_BOX_FEATURE = "image_box_feature";
    static final String CLASS_SCORES = "class_scores";
    static final String ATTR_SCORES = "attr_scores";
    static final String CLASS_LABELS = "class_labels";
    static final String CLASS_CONFIDENCES = "class_confidences";
    static final String ATTR_LABELS = "attr_labels";
    static final String ATTR_CONFIDENCES = "attr_confidences";

    /** The 6-column layout written by bottom-up-attention's {@code tools/generate_tsv.py}. */
    static final String BUTD_TSV_FIELDS = "image_id,image_w,image_h,num_boxes,boxes,features";

    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("img_id", IMAGE_ID),
            Map.entry("img_w", IMAGE_W),
            Map.entry("img_h", IMAGE_H),
            Map.entry("classes", CLASS_SCORES),
            Map.entry("cls_prob", CLASS_SCORES),
            Map.entry("attrs", ATTR_SCORES),
            Map.entry("attr_prob", ATTR_SCORES),
            Map.entry("objects_id", CLASS_LABELS),
            Map.entry("objects_conf", CLASS_CONFIDENCES),
            Map.entry("attrs_id", ATTR_LABELS),
            Map.entry("attrs_conf", ATTR_CONFIDENCES));

    private RegionFields() {}

    /** The canonical name of a source field (unknown names are returned lower-cased, unchanged). */
    static String canonical(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return ALIASES.getOrDefault(n, n);
    }
}
