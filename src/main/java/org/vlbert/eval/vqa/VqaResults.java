package org.vlbert.eval.vqa;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A result file in the VQA challenge / EvalAI format, {@code [{"question_id": int, "answer": str}]},
 * checked like the official {@code loadRes}: the top level must be a list, and the question ids must
 * be exactly those of the annotation file. As there, a question id given twice is accepted and the
 * later answer wins; {@link #duplicateQuestionIds()} reports them.
 */
public final class VqaResults {
    private static final int IDS_SHOWN = 10;

    private final Path file;
    private final Map<Long, String> answers;
    private final List<Long> duplicateQuestionIds;

    private VqaResults(Path file, Map<Long, String> answers, List<Long> duplicateQuestionIds) {
        this.file = file;
        this.answers = answers;
        this.duplicateQuestionIds = List.copyOf(duplicateQuestionIds);
    }

    public static VqaResults load(Path file, VqaDataset dataset) {
        String role = "results file";
        Map<Long, String> answers = new HashMap<>();
        Set<Long> duplicates = new LinkedHashSet<>();
        JsonInput.readArray(file, role, "results is not an array of objects (expected "
                + "[{\"question_id\": 1, \"answer\": \"yes\"}, ...])", (index, entry) -> {
                    String where = role + " " + file + ": entry " + index;
                    long questionId = Fields.questionId(entry, where);
                    String answer = Fields.string(entry, "answer", where + " (question_id " + questionId + ")");
                    if (answers.put(questionId, answer) != null) {
                        duplicates.add(questionId);
                    }
                });
        checkSameQuestions(file, answers.keySet(), dataset);
        if (VqaDataset.MULTIPLE_CHOICE.equals(dataset.taskType())) {
            checkMultipleChoices(file, answers, dataset);
        }
        return new VqaResults(file, answers, new ArrayList<>(duplicates));
    }

    public Path file() {
        return file;
    }

    /** The predicted answer of a question of the annotation file. */
    public String answer(long questionId) {
        return answers.get(questionId);
    }

    public int size() {
        return answers.size();
    }

    /** Question ids with more than one entry (the last entry was kept). */
    public List<Long> duplicateQuestionIds() {
        return duplicateQuestionIds;
    }

    private static void checkSameQuestions(Path file, Set<Long> predicted, VqaDataset dataset) {
        Set<Long> annotated = new LinkedHashSet<>();
        dataset.annotations().forEach(annotation -> annotated.add(annotation.questionId()));
        List<Long> missing = annotated.stream().filter(id -> !predicted.contains(id)).collect(Collectors.toList());
        List<Long> extra = predicted.stream().filter(id -> !annotated.contains(id)).sorted().collect(Collectors.toList());
        if (missing.isEmpty() && extra.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder("results file " + file + " does not correspond to annotation file "
                + dataset.annotationFile() + ": it needs exactly one answer for every annotated question.");
        if (!missing.isEmpty()) {
            message.append(" No answer for ").append(missing.size()).append(" question id(s): ").append(sample(missing)).append('.');
        }
        if (!extra.isEmpty()) {
            message.append(" ").append(extra.size()).append(" question id(s) not in the annotation file: ")
                    .append(sample(extra)).append('.');
        }
        throw new VqaEvalException(message.toString());
    }

    private static void checkMultipleChoices(Path file, Map<Long, String> answers, VqaDataset dataset) {
        for (VqaAnnotation annotation : dataset.annotations()) {
            long questionId = annotation.questionId();
            List<String> choices = dataset.multipleChoices(questionId);
            if (choices == null) {
                throw new VqaEvalException("question file " + dataset.questionFile() + " is Multiple Choice but has no "
                        + "'multiple_choices' for question_id " + questionId);
            }
            if (!choices.contains(answers.get(questionId))) {
                throw new VqaEvalException("results file " + file + ": the answer '" + answers.get(questionId)
                        + "' for question_id " + questionId + " is not one of its multiple choices");
            }
        }
    }

    private static String sample(List<Long> ids) {
        String shown = ids.stream().limit(IDS_SHOWN).map(String::valueOf).collect(Collectors.joining(", "));
        return ids.size() > IDS_SHOWN ? shown + ", ..." : shown;
    }
}
