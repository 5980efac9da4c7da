package org.vlbert.export;

import java.util.List;

/**
 * The answer to one query. VQA fills {@code answers} (top-k, best first); RefCOCO+ fills
 * {@code box} (x1, y1, x2, y2 in original pixels), {@code region} (the chosen box row: 0 = the
 * whole image, r = region r-1 of the image) and {@code score}; VCR fills {@code choices} (in the
 * query's order) and {@code region} with the index of the most probable choice.
 */
public record Prediction(String id, String imageId, String text, List<Answer> answers, float[] box, int region,
                         float score, List<Choice> choices) {
    /** An answer and its sigmoid score. */
    public record Answer(String answer, float score) {}

    /** A VCR choice with its logit and its softmax probability over the 4 choices. */
    public record Choice(String text, float logit, float probability) {}
}
