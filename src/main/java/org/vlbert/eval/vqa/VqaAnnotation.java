package org.vlbert.eval.vqa;

import java.util.List;

/**
 * One entry of an annotation file's {@code annotations} list, reduced to what the evaluation uses.
 *
 * @param answers the annotators' answers in file order (normally 10)
 */
public record VqaAnnotation(long questionId, String questionType, String answerType, List<Answer> answers) {
    public VqaAnnotation {
        answers = List.copyOf(answers);
    }

    /**
     * One annotator's answer. The official code tells annotators apart by comparing whole answer
     * dicts, so {@code otherFields} keeps the rest of the dict ({@code answer_id},
     * {@code answer_confidence}, ...) in a canonical form with Python's equality.
     */
    public record Answer(String answer, String otherFields) {}
}
