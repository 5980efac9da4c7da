package org.vlbert.data.vqa;

import java.util.Arrays;
import java.util.List;

/**
 * The VQA training target ({@code get_soft_target}, tasks.md §1.2): for each distinct answer
 * index a, the mean over annotators j of {@code min(1, #{k != j : index_k == a} / 3)}, computed in
 * double precision in annotator order and stored as float32; {@code <unk>} stays 0. With 10
 * answers, 1/2/3/≥4 matches give 0.3/0.6/0.9/1.0. Stored sparsely (non-zero entries, ascending).
 */
public record SoftTarget(int[] indices, float[] scores) {

    public static SoftTarget of(List<String> answers, AnswerVocabulary vocab) {
        int n = answers.size();
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = vocab.indexOrUnk(answers.get(i));
        }
        int[] distinct = Arrays.stream(idx).distinct().sorted().toArray();
        int[] outIdx = new int[distinct.length];
        float[] outScore = new float[distinct.length];
        int m = 0;
        for (int a : distinct) {
            if (a == vocab.unkIndex()) {
                continue;
            }
            double sum = 0;
            for (int j = 0; j < n; j++) {
                int matches = 0;
                for (int k = 0; k < n; k++) {
                    if (k != j && idx[k] == a) {
                        matches++;
                    }
                }
                sum += Math.min(1.0, matches / 3.0);
            }
            float score = (float) (sum / n);
            if (score != 0f) {
                outIdx[m] = a;
                outScore[m] = score;
                m++;
            }
        }
        return new SoftTarget(Arrays.copyOf(outIdx, m), Arrays.copyOf(outScore, m));
    }

    /** Writes the dense target into {@code dense[offset .. offset+vocab)} (which must be zeroed). */
    public void scatter(float[] dense, int offset) {
        for (int i = 0; i < indices.length; i++) {
            dense[offset + indices[i]] = scores[i];
        }
    }
}
