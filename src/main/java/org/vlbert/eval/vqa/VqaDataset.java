package org.vlbert.eval.vqa;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A VQA question file and annotation file, as the official {@code VQA(annotation_file,
 * question_file)} reads them. Only {@code task_type} and {@code questions} of the question file
 * matter for the evaluation; the metadata keys ({@code info}, {@code license}, ...) are not required.
 */
public final class VqaDataset {
    public static final String MULTIPLE_CHOICE = "Multiple Choice";

    private final Path questionFile;
    private final Path annotationFile;
    private final String taskType;
    private final List<VqaAnnotation> annotations;
    private final Map<Long, List<String>> multipleChoices;

    private VqaDataset(Path questionFile, Path annotationFile, String taskType, List<VqaAnnotation> annotations,
            Map<Long, List<String>> multipleChoices) {
        this.questionFile = questionFile;
        this.annotationFile = annotationFile;
        this.taskType = taskType;
        this.annotations = List.copyOf(annotations);
        this.multipleChoices = multipleChoices;
    }

    public static VqaDataset load(Path questionFile, Path annotationFile) {
        QuestionFile questions = readQuestions(questionFile);
        List<VqaAnnotation> annotations = readAnnotations(annotationFile);
        return new VqaDataset(questionFile, annotationFile, questions.taskType, annotations, questions.choices);
    }

    /** Annotations in file order; the official code evaluates them in this order. */
    public List<VqaAnnotation> annotations() {
        return annotations;
    }

    public String taskType() {
        return taskType;
    }

    public Path questionFile() {
        return questionFile;
    }

    public Path annotationFile() {
        return annotationFile;
    }

    /** For Multiple Choice data: the allowed answers of a question, or null if the question file lacks it. */
    List<String> multipleChoices(long questionId) {
        return multipleChoices.get(questionId);
    }

    private static final class QuestionFile {
        String taskType;
        boolean sawQuestions;
        final Map<Long, List<String>> choices = new HashMap<>();
    }

    private static QuestionFile readQuestions(Path file) {
        String role = "question file";
        QuestionFile result = new QuestionFile();
        JsonInput.readObject(file, role, (name, parser) -> {
            if (name.equals("task_type")) {
                if (parser.currentToken() != JsonToken.VALUE_STRING) {
                    throw new VqaEvalException(role + " " + file + ": 'task_type' must be a string such as \"Open-Ended\"");
                }
                result.taskType = parser.getText();
            } else if (name.equals("questions")) {
                if (parser.currentToken() != JsonToken.START_ARRAY) {
                    throw new VqaEvalException(role + " " + file + ": 'questions' must be a list");
                }
                result.sawQuestions = true;
                result.choices.clear(); // a repeated key replaces the earlier value, as in Python
                JsonInput.forEachElement(parser, (index, question) -> {
                    long questionId = Fields.questionId(question, role + " " + file + ": questions[" + index + "]");
                    // Only Multiple Choice files have choices; they are checked only for that task type.
                    JsonNode choices = question.get("multiple_choices");
                    if (choices != null && choices.isArray()) {
                        List<String> texts = new ArrayList<>();
                        choices.forEach(choice -> texts.add(choice.asText()));
                        result.choices.put(questionId, texts);
                    }
                });
            } else {
                parser.skipChildren();
            }
        });
        if (result.taskType == null) {
            throw new VqaEvalException(role + " " + file + " has no 'task_type' (e.g. \"Open-Ended\"); is it a VQA "
                    + "question file such as v2_OpenEnded_mscoco_val2014_questions.json?");
        }
        if (!result.sawQuestions) {
            throw new VqaEvalException(role + " " + file + " has no 'questions' list");
        }
        return result;
    }

    private static List<VqaAnnotation> readAnnotations(Path file) {
        String role = "annotation file";
        List<VqaAnnotation> annotations = new ArrayList<>();
        boolean[] sawAnnotations = {false};
        JsonInput.readObject(file, role, (name, parser) -> {
            if (!name.equals("annotations")) {
                parser.skipChildren();
                return;
            }
            if (parser.currentToken() != JsonToken.START_ARRAY) {
                throw new VqaEvalException(role + " " + file + ": 'annotations' must be a list");
            }
            sawAnnotations[0] = true;
            annotations.clear();
            JsonInput.forEachElement(parser, (index, node) ->
                    annotations.add(annotation(node, role + " " + file + ": annotations[" + index + "]")));
        });
        if (!sawAnnotations[0]) {
            throw new VqaEvalException(role + " " + file + " has no 'annotations' list; is it a VQA annotation file "
                    + "such as v2_mscoco_val2014_annotations.json?");
        }
        if (annotations.isEmpty()) {
            throw new VqaEvalException(role + " " + file + " has no annotations; there is nothing to evaluate");
        }
        return annotations;
    }

    private static VqaAnnotation annotation(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new VqaEvalException(where + " is not an object");
        }
        long questionId = Fields.questionId(node, where);
        where = where + " (question_id " + questionId + ")";
        String questionType = Fields.string(node, "question_type", where);
        String answerType = Fields.string(node, "answer_type", where);
        JsonNode answers = node.get("answers");
        if (answers == null || !answers.isArray()) {
            throw new VqaEvalException(where + " has no 'answers' list");
        }
        if (answers.isEmpty()) {
            throw new VqaEvalException(where + " has an empty 'answers' list; the accuracy is undefined");
        }
        List<VqaAnnotation.Answer> parsed = new ArrayList<>(answers.size());
        for (int i = 0; i < answers.size(); i++) {
            JsonNode answer = answers.get(i);
            String answerWhere = where + ", answers[" + i + "]";
            if (!answer.isObject()) {
                throw new VqaEvalException(answerWhere + " is not an object");
            }
            parsed.add(new VqaAnnotation.Answer(Fields.string(answer, "answer", answerWhere),
                    PythonEquality.canonicalWithout(answer, "answer")));
        }
        return new VqaAnnotation(questionId, questionType, answerType, parsed);
    }
}
