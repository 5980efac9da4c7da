package org.vlbert.export;

import java.util.List;

/**
 * The answer to one query. VQA fills {@code answers} (top-k, best first); RefCOCO+ fills
 * {@code box} (x1, y1, x2, y2 in original pixels), {@code region} (the chosen box row: 0 = the
 * whole image, r = region r-1 of the image) and {@code score}.
 */
public record Prediction(String id, String imageId, String text, List<Answer> answers, float[] box, int region,
                         float score) {
    /** An answer and its sigmoid score. */
    public record Answer(String answer, float score) {}
}
