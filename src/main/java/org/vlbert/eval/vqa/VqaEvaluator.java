package org.vlbert.eval.vqa;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vlbert.data.tokenizer.PythonText;

/**
 * The official VQA accuracy ({@code VQAEval(vqa, vqaRes, n=2).evaluate()} of GT-Vision-Lab/VQA) in
 * either revision: per question, each of the annotators scores {@code min(1, #matches among the
 * others / 3)} and the question scores their mean; means over all questions, per question type and
 * per answer type are reported as percentages with Python's {@code round(x, 2)}.
 *
 * <p>Replicated details: questions are visited in annotation-file order; a question id annotated
 * twice uses its last annotation and is scored twice, on answers already normalised by the first
 * pass (the official code normalises the loaded annotations in place); "the other annotators" are
 * the answers whose whole dict differs; sums are plain left-to-right double sums (CPython 3.11).
 */
public final class VqaEvaluator {
    private static final int DIGITS = 2;

    private VqaEvaluator() {}

    public static VqaEvaluation evaluate(VqaDataset dataset, VqaResults results, VqaRevision revision) {
        Map<Long, VqaAnnotation> byQuestion = new HashMap<>();
        dataset.annotations().forEach(annotation -> byQuestion.put(annotation.questionId(), annotation));
        Map<Long, String[]> groundTruth = new HashMap<>();

        List<Double> all = new ArrayList<>();
        Map<String, List<Double>> byQuestionType = new LinkedHashMap<>();
        Map<String, List<Double>> byAnswerType = new LinkedHashMap<>();
        Map<Long, Double> evalQA = new LinkedHashMap<>();
        Map<String, Map<Long, Double>> evalQuesType = new LinkedHashMap<>();
        Map<String, Map<Long, Double>> evalAnsType = new LinkedHashMap<>();

        for (VqaAnnotation listed : dataset.annotations()) {
            long questionId = listed.questionId();
            VqaAnnotation annotation = byQuestion.get(questionId);
            String[] answers = groundTruth.computeIfAbsent(questionId, id -> answerStrings(annotation));
            String prediction = results.answer(questionId);
            String normalizedPrediction = revision == VqaRevision.CURRENT
                    ? normalizeCurrent(answers, prediction) : normalizeLegacy(answers, prediction);
            double accuracy = meanAnnotatorAccuracy(annotation, answers, normalizedPrediction);

            all.add(accuracy);
            byQuestionType.computeIfAbsent(annotation.questionType(), k -> new ArrayList<>()).add(accuracy);
            byAnswerType.computeIfAbsent(annotation.answerType(), k -> new ArrayList<>()).add(accuracy);
            double percent = PythonFloats.round(100 * accuracy, DIGITS);
            evalQA.put(questionId, percent);
            evalQuesType.computeIfAbsent(annotation.questionType(), k -> new LinkedHashMap<>()).put(questionId, percent);
            evalAnsType.computeIfAbsent(annotation.answerType(), k -> new LinkedHashMap<>()).put(questionId, percent);
        }
        return new VqaEvaluation(revision, roundedMeanPercent(all), roundedMeans(byQuestionType),
                roundedMeans(byAnswerType), evalQA, evalQuesType, evalAnsType);
    }

    /**
     * HEAD: clean both sides; only if the (cleaned) answers are not all equal, normalise both
     * fully. Updates {@code answers} in place and returns the prediction to compare.
     */
    private static String normalizeCurrent(String[] answers, String prediction) {
        for (int i = 0; i < answers.length; i++) {
            answers[i] = clean(answers[i]);
        }
        String result = clean(prediction);
        if (hasDifferentAnswers(answers)) {
            for (int i = 0; i < answers.length; i++) {
                answers[i] = normalize(answers[i]);
            }
            result = normalize(result);
        }
        return result;
    }

    /**
     * 2016: always normalise the prediction fully; if the raw answers are not all equal, pass them
     * (uncleaned, case kept) through processPunctuation only.
     */
    private static String normalizeLegacy(String[] answers, String prediction) {
        String result = normalize(clean(prediction));
        if (hasDifferentAnswers(answers)) {
            for (int i = 0; i < answers.length; i++) {
                answers[i] = VqaAnswerNormalizer.processPunctuation(answers[i]);
            }
        }
        return result;
    }

    /** {@code x.replace('\n', ' ').replace('\t', ' ').strip()}. */
    private static String clean(String text) {
        return PythonText.strip(text.replace('\n', ' ').replace('\t', ' '));
    }

    private static String normalize(String text) {
        return VqaAnswerNormalizer.processDigitArticle(VqaAnswerNormalizer.processPunctuation(text));
    }

    private static boolean hasDifferentAnswers(String[] answers) {
        Set<String> distinct = new HashSet<>();
        for (String answer : answers) {
            distinct.add(answer);
        }
        return distinct.size() > 1;
    }

    /** Mean over annotators j of min(1, #{k : dict k != dict j and answer k == prediction} / 3). */
    private static double meanAnnotatorAccuracy(VqaAnnotation annotation, String[] answers, String prediction) {
        List<VqaAnnotation.Answer> dicts = annotation.answers();
        double sum = 0;
        for (int j = 0; j < answers.length; j++) {
            int matches = 0;
            for (int k = 0; k < answers.length; k++) {
                boolean sameDict = answers[k].equals(answers[j])
                        && dicts.get(k).otherFields().equals(dicts.get(j).otherFields());
                if (!sameDict && answers[k].equals(prediction)) {
                    matches++;
                }
            }
            sum += Math.min(1.0, matches / 3.0);
        }
        return sum / answers.length;
    }

    private static String[] answerStrings(VqaAnnotation annotation) {
        return annotation.answers().stream().map(VqaAnnotation.Answer::answer).toArray(String[]::new);
    }

    private static Map<String, Double> roundedMeans(Map<String, List<Double>> groups) {
        Map<String, Double> means = new LinkedHashMap<>();
        groups.forEach((key, values) -> means.put(key, roundedMeanPercent(values)));
        return means;
    }

    /** {@code round(100*float(sum(values))/len(values), 2)}. */
    private static double roundedMeanPercent(List<Double> values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return PythonFloats.round(100 * sum / values.size(), DIGITS);
    }
}
