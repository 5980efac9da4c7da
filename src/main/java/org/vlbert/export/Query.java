package org.vlbert.export;

import java.nio.file.Path;
import java.util.List;

/**
 * One prediction request on one image of a regions file.
 *
 * @param id      caller-chosen id echoed in the prediction (may be null)
 * @param imageId the image in the regions file
 * @param text    the VQA question, the RefCOCO+ expression or the VCR question; VCR text may refer to
 *                the image's regions as {@code [i]} or {@code [i, j]} (0-based, in regions-file order)
 * @param choices VCR: the 4 answers (Q→A package) or the 4 rationales (QA→R package); else empty
 * @param answer  VCR QA→R: the answer the rationales justify; else null
 * @param objects VCR: the COCO class name of each region of the image (names the regions the text
 *                refers to); empty when the text refers to none
 * @param origin  where the query came from, for errors ("line 4 of q.jsonl"), or null
 * @param pixels  packages of end-to-end models: the image file and its candidate boxes; null for
 *                packages on precomputed region features
 */
public record Query(String id, String imageId, String text, List<String> choices, String answer,
                    List<String> objects, String origin, PixelInput pixels) {
    public Query {
        choices = List.copyOf(choices);
        objects = List.copyOf(objects);
    }

    /**
     * The picture of a query to a package that computes region features from pixels.
     *
     * @param image an image file (JPEG, PNG, ...)
     * @param boxes RefCOCO+: the candidate boxes, x1, y1, x2, y2 in pixels of that image; VCR: the
     *              regions as in VCR metadata, x1, y1, x2, y2, detection score
     * @param segms VCR: each region's polygons (flat x, y lists, as in VCR metadata); null for RefCOCO+
     */
    public record PixelInput(Path image, float[][] boxes, float[][][] segms) {
        /** RefCOCO+: an image and its candidate boxes. */
        public PixelInput(Path image, float[][] boxes) {
            this(image, boxes, null);
        }
    }

    /** A query to a package on precomputed features (no pixels). */
    public Query(String id, String imageId, String text, List<String> choices, String answer, List<String> objects,
                 String origin) {
        this(id, imageId, text, choices, answer, objects, origin, null);
    }

    /** A VQA or RefCOCO+ query: an image and a text. */
    public static Query ofText(String id, String imageId, String text) {
        return new Query(id, imageId, text, List.of(), null, List.of(), null);
    }

    /** How errors name the query: its origin, else its id, else "the query". */
    String describe() {
        return origin != null ? origin : id != null ? "query '" + id + "'" : "the query";
    }
}
