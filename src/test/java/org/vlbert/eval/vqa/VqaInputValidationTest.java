package org.vlbert.eval.vqa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad inputs get the official code's checks, with messages that name the file and the problem. */
class VqaInputValidationTest {
    @TempDir
    Path dir;

    private Path questions;
    private Path annotations;

    private Path write(String name, String json) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, json.replace('\'', '"'), StandardCharsets.UTF_8);
        return file;
    }

    private static String annotation(long id, String... answers) {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < answers.length; i++) {
            list.append(i == 0 ? "" : ",").append("{'answer':'").append(answers[i])
                    .append("','answer_confidence':'yes','answer_id':").append(i + 1).append('}');
        }
        return "{'question_type':'what','answer_type':'other','question_id':" + id + ",'answers':[" + list + "]}";
    }

    @BeforeEach
    void smallDataset() throws IOException {
        questions = write("q.json", "{'task_type':'Open-Ended','questions':[{'question_id':1},{'question_id':2},{'question_id':3}]}");
        annotations = write("a.json", "{'annotations':[" + annotation(1, "yes", "yes", "yes") + ","
                + annotation(2, "no", "no", "yes") + "," + annotation(3, "red", "red", "red") + "]}");
    }

    private VqaEvalException failure(String resultsJson) throws IOException {
        Path results = write("r.json", resultsJson);
        VqaDataset dataset = VqaDataset.load(questions, annotations);
        return assertThrows(VqaEvalException.class, () -> VqaResults.load(results, dataset));
    }

    @Test
    void missingAndExtraQuestionIdsAreNamed() throws IOException {
        String message = failure("[{'question_id':1,'answer':'yes'},{'question_id':7,'answer':'x'}]").getMessage();
        assertTrue(message.contains("does not correspond to annotation file " + annotations), message);
        assertTrue(message.contains("No answer for 2 question id(s): 2, 3."), message);
        assertTrue(message.contains("1 question id(s) not in the annotation file: 7."), message);
    }

    @Test
    void resultsMustBeAListOfObjectsWithIntegerIdsAndStringAnswers() throws IOException {
        assertTrue(failure("{'question_id':1,'answer':'yes'}").getMessage()
                .contains("results is not an array of objects"));
        assertEquals("results file " + dir.resolve("r.json") + ": entry 1: 'question_id' must be an integer, got \"2\"",
                failure("[{'question_id':1,'answer':'yes'},{'question_id':'2','answer':'no'}]").getMessage());
        assertEquals("results file " + dir.resolve("r.json") + ": entry 0 (question_id 1): 'answer' must be a string, got 3",
                failure("[{'question_id':1,'answer':3}]").getMessage());
        assertEquals("results file " + dir.resolve("r.json") + ": entry 0 has no 'question_id'",
                failure("[{'answer':'yes'}]").getMessage());
        assertTrue(failure("[{'question_id':1,").getMessage().startsWith("results file " + dir.resolve("r.json")
                + " is not valid JSON"));
    }

    @Test
    void duplicatePredictionsAreAcceptedLastWins() throws IOException {
        Path results = write("r.json", "[{'question_id':1,'answer':'no'},{'question_id':2,'answer':'no'},"
                + "{'question_id':3,'answer':'red'},{'question_id':1,'answer':'yes'}]");
        VqaDataset dataset = VqaDataset.load(questions, annotations);
        VqaResults loaded = VqaResults.load(results, dataset);
        assertEquals(List.of(1L), loaded.duplicateQuestionIds());
        assertEquals("yes", loaded.answer(1));
        // Values from the official code on the same files: with 3 annotators, each sees at most 2
        // matching others, so 2/3 is the best score (question 1); question 2 gets (1/3+1/3+2/3)/3.
        VqaEvaluation evaluation = VqaEvaluator.evaluate(dataset, loaded, VqaRevision.CURRENT);
        assertEquals(66.67, evaluation.evalQA().get(1L));
        assertEquals(44.44, evaluation.evalQA().get(2L));
        assertEquals(59.26, evaluation.overall());
    }

    @Test
    void missingFilesAndWrongFileKinds() throws IOException {
        Path missing = dir.resolve("none.json");
        assertEquals("question file " + missing + " does not exist",
                assertThrows(VqaEvalException.class, () -> VqaDataset.load(missing, annotations)).getMessage());
        VqaEvalException swapped = assertThrows(VqaEvalException.class, () -> VqaDataset.load(annotations, questions));
        assertTrue(swapped.getMessage().startsWith("question file " + annotations + " has no 'task_type'"),
                swapped.getMessage());
        Path emptyAnswers = write("a2.json", "{'annotations':[{'question_type':'what','answer_type':'other',"
                + "'question_id':1,'answers':[]}]}");
        assertTrue(assertThrows(VqaEvalException.class, () -> VqaDataset.load(questions, emptyAnswers)).getMessage()
                .endsWith("annotations[0] (question_id 1) has an empty 'answers' list; the accuracy is undefined"));
    }

    @Test
    void multipleChoiceAnswersMustBeChoices() throws IOException {
        questions = write("q.json", "{'task_type':'Multiple Choice','questions':[{'question_id':1,"
                + "'multiple_choices':['yes','no']},{'question_id':2,'multiple_choices':['yes','no']},"
                + "{'question_id':3,'multiple_choices':['red','blue']}]}");
        String message = failure("[{'question_id':1,'answer':'yes'},{'question_id':2,'answer':'maybe'},"
                + "{'question_id':3,'answer':'red'}]").getMessage();
        assertTrue(message.endsWith("the answer 'maybe' for question_id 2 is not one of its multiple choices"), message);
    }

    @Test
    void annotatorsWithIdenticalAnswerDictsDoNotCountEachOther() throws IOException {
        // The official code takes "the other annotators" as the answer dicts that are != this one,
        // so two identical dicts (answer_id 1 and 1.0 are equal in Python) exclude each other.
        Path oneQuestion = write("q1.json", "{'task_type':'Open-Ended','questions':[{'question_id':1}]}");
        Path twins = write("a1.json", "{'annotations':[{'question_type':'what','answer_type':'other','question_id':1,"
                + "'answers':[{'answer':'yes','answer_confidence':'yes','answer_id':1},"
                + "{'answer_id':1.0,'answer':'yes','answer_confidence':'yes'},"
                + "{'answer':'yes','answer_confidence':'yes','answer_id':3}]}]}");
        Path results = write("r1.json", "[{'question_id':1,'answer':'yes'}]");
        VqaDataset dataset = VqaDataset.load(oneQuestion, twins);
        VqaEvaluation evaluation = VqaEvaluator.evaluate(dataset, VqaResults.load(results, dataset), VqaRevision.CURRENT);
        assertEquals(44.44, evaluation.overall()); // official output; per-index "others" would give 66.67
    }
}
