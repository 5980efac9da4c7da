package org.vlbert.eval.vqa;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The official evaluation's outputs (all percentages rounded like Python's {@code round(x, 2)}),
 * in the official insertion orders: question ids in annotation-file order, question and answer
 * types in order of first appearance.
 */
public record VqaEvaluation(
        VqaRevision revision,
        double overall,
        Map<String, Double> perQuestionType,
        Map<String, Double> perAnswerType,
        Map<Long, Double> evalQA,
        Map<String, Map<Long, Double>> evalQuesType,
        Map<String, Map<Long, Double>> evalAnsType) {

    public VqaEvaluation {
        perQuestionType = Collections.unmodifiableMap(perQuestionType);
        perAnswerType = Collections.unmodifiableMap(perAnswerType);
        evalQA = Collections.unmodifiableMap(evalQA);
        evalQuesType = Collections.unmodifiableMap(evalQuesType);
        evalAnsType = Collections.unmodifiableMap(evalAnsType);
    }

    /**
     * The merged official output {@code {"accuracy": {"overall", "perQuestionType",
     * "perAnswerType"}, "evalQA", "evalQuesType", "evalAnsType"}}, formatted exactly like Python's
     * {@code json.dumps(..., indent=1)} (question ids become string keys). No trailing newline.
     */
    public String toJson() {
        Map<String, Object> accuracy = new LinkedHashMap<>();
        accuracy.put("overall", overall);
        accuracy.put("perQuestionType", perQuestionType);
        accuracy.put("perAnswerType", perAnswerType);
        Map<String, Object> merged = new LinkedHashMap<>();
        merged.put("accuracy", accuracy);
        merged.put("evalQA", evalQA);
        merged.put("evalQuesType", evalQuesType);
        merged.put("evalAnsType", evalAnsType);
        return PythonJson.dumpsIndent1(merged);
    }
}
