package org.vlbert.data.vqa;

import java.util.List;

/** One VQA question row; annotation fields are null for test sets. */
public record VqaSample(long questionId, String imageId, String question, int[] questionIds, List<String> answers,
                        String multipleChoiceAnswer, String answerType, String questionType, int[] labelIndices,
                        float[] labelScores) {

    public boolean annotated() {
        return answers != null;
    }

    public SoftTarget target() {
        return labelIndices == null ? null : new SoftTarget(labelIndices, labelScores);
    }
}
