package org.vlbert.data.regions;

import java.nio.ByteBuffer;
import java.util.Map;
import org.vlbert.data.convert.Base64Floats;
import org.vlbert.data.convert.BadInputException;
import org.vlbert.data.schema.RegionSchema;

/**
 * Turns the text fields of one image (canonical names, see {@link RegionFields}) into a
 * {@link RegionRecord}, checking every array length against {@code num_boxes}. The first record
 * fixes the file's {@link RegionSchema.Layout} (which optional columns exist and their widths).
 */
final class RegionDecoder {
    private final int featureDim;
    private final boolean fp16;
    private RegionSchema.Layout layout;

    RegionDecoder(int featureDim, boolean fp16) {
        this.featureDim = featureDim;
        this.fp16 = fp16;
    }

    /** The layout fixed by the first decoded record, or null before it. */
    RegionSchema.Layout layout() {
        return layout;
    }

    RegionRecord decode(Map<String, String> f, String at) {
        String imageId = require(f, RegionFields.IMAGE_ID, at).strip();
        if (imageId.isEmpty()) {
            throw new BadInputException(at, "empty image_id");
        }
        int width = positiveInt(f, RegionFields.IMAGE_W, at);
        int height = positiveInt(f, RegionFields.IMAGE_H, at);
        int n = positiveInt(f, RegionFields.NUM_BOXES, at);
        ByteBuffer boxes = Base64Floats.decode(at, RegionFields.BOXES, require(f, RegionFields.BOXES, at), 4L * n,
                n + " boxes × 4 float32");
        checkBoxes(boxes, n, at);
        ByteBuffer features = Base64Floats.decode(at, RegionFields.FEATURES, require(f, RegionFields.FEATURES, at),
                (long) n * featureDim, n + " boxes × " + featureDim + " float32");
        ByteBuffer imageBox = optional(f, RegionFields.IMAGE_BOX_FEATURE) == null ? null
                : Base64Floats.decode(at, RegionFields.IMAGE_BOX_FEATURE, f.get(RegionFields.IMAGE_BOX_FEATURE),
                        featureDim, featureDim + " float32");
        if (layout == null) {
            layout = new RegionSchema.Layout(featureDim, fp16, imageBox != null,
                    matrixWidth(f, RegionFields.CLASS_SCORES, n, at), matrixWidth(f, RegionFields.ATTR_SCORES, n, at),
                    optional(f, RegionFields.CLASS_LABELS) != null, optional(f, RegionFields.ATTR_LABELS) != null);
        }
        if (layout.imageBoxFeature() && imageBox == null) {
            throw missingLikeEarlier(RegionFields.IMAGE_BOX_FEATURE, at);
        }
        ByteBuffer classScores = matrix(f, RegionFields.CLASS_SCORES, layout.classScoreDim(), n, at);
        ByteBuffer attrScores = matrix(f, RegionFields.ATTR_SCORES, layout.attrScoreDim(), n, at);
        int[] classLabels = null;
        float[] classConf = null;
        if (layout.labels()) {
            classLabels = labels(f, RegionFields.CLASS_LABELS, n, at);
            classConf = floats(f, RegionFields.CLASS_CONFIDENCES, n, at);
        }
        int[] attrLabels = null;
        float[] attrConf = null;
        if (layout.attrLabels()) {
            attrLabels = labels(f, RegionFields.ATTR_LABELS, n, at);
            attrConf = floats(f, RegionFields.ATTR_CONFIDENCES, n, at);
        }
        return new RegionRecord(imageId, width, height, n, boxes, features, imageBox, classScores,
                attrScores, classLabels, classConf, attrLabels, attrConf);
    }

    private static void checkBoxes(ByteBuffer boxes, int n, String at) {
        for (int i = 0; i < n * 4; i++) {
            float v = boxes.getFloat(i * 4);
            if (!Float.isFinite(v)) {
                throw new BadInputException(at, "boxes: box " + (i / 4) + " has a non-finite coordinate " + v);
            }
        }
    }

    private static int matrixWidth(Map<String, String> f, String field, int n, String at) {
        String v = optional(f, field);
        if (v == null) {
            return 0;
        }
        int bytes = Base64Floats.decodedLength(at, field, v);
        if (bytes % (4 * n) != 0) {
            throw new BadInputException(at, field + ": " + bytes + " decoded bytes is not a multiple of " + n
                    + " boxes × 4-byte floats");
        }
        return bytes / (4 * n);
    }

    private ByteBuffer matrix(Map<String, String> f, String field, int width, int n, String at) {
        if (width == 0) {
            return null;
        }
        String v = optional(f, field);
        if (v == null) {
            throw missingLikeEarlier(field, at);
        }
        return Base64Floats.decode(at, field, v, (long) n * width, n + " boxes × " + width + " float32");
    }

    private static int[] labels(Map<String, String> f, String field, int n, String at) {
        return Base64Floats.decodeInt64(at, field, require(f, field, at), n);
    }

    private static float[] floats(Map<String, String> f, String field, int n, String at) {
        ByteBuffer b = Base64Floats.decode(at, field, require(f, field, at), n, n + " float32");
        float[] out = new float[n];
        b.asFloatBuffer().get(out);
        return out;
    }

    private static BadInputException missingLikeEarlier(String field, String at) {
        return new BadInputException(at, "missing field " + field + " (earlier records of this input have it)");
    }

    private static String optional(Map<String, String> f, String field) {
        String v = f.get(field);
        return v == null || v.isBlank() ? null : v;
    }

    private static String require(Map<String, String> f, String field, String at) {
        String v = f.get(field);
        if (v == null) {
            throw new BadInputException(at, "missing field " + field);
        }
        return v;
    }

    private static int positiveInt(Map<String, String> f, String field, String at) {
        String v = require(f, field, at).strip();
        long value;
        try {
            value = Long.parseLong(v);
        } catch (NumberFormatException e) {
            try {
                double d = Double.parseDouble(v);
                if (d != Math.rint(d)) {
                    throw new NumberFormatException();
                }
                value = (long) d;
            } catch (NumberFormatException e2) {
                throw new BadInputException(at, field + ": not an integer: '" + abbreviate(v) + "'");
            }
        }
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw new BadInputException(at, field + ": must be a positive integer, got " + value);
        }
        return (int) value;
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
