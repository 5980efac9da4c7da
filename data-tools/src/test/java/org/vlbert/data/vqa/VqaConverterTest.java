package org.vlbert.data.vqa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.data.DataException;
import org.vlbert.data.convert.BadInputException;
import org.vlbert.data.convert.ConversionOptions;
import org.vlbert.data.convert.ConversionReport;
import org.vlbert.data.regions.RegionConverter;
import org.vlbert.data.regions.RegionFeatures;
import org.vlbert.data.testutil.Butd;
import org.vlbert.data.testutil.SimpleTokenizer;

class VqaConverterTest {
    private static final SimpleTokenizer TOKENIZER = SimpleTokenizer.withWords(
            "what", "color", "is", "the", "cat", "?", "left", "right", "of", "dog", "how", "many", "##s");

    @TempDir
    Path dir;
    private AnswerVocabulary answers;

    @BeforeEach
    void vocab() throws IOException {
        Path f = dir.resolve("answers.txt");
        Files.writeString(f, "<unk>\nblack\nwhite\n2\nleft\n");
        answers = AnswerVocabulary.load(f);
    }

    private static final String QUESTIONS = """
            {"info": {"description": "hand-made"}, "task_type": "Open-Ended", "license": {},
             "questions": [
              {"image_id": 42, "question": "What color is the cat?", "question_id": 420},
              {"image_id": 7, "question": "how many dogs?", "question_id": 70}
             ]}
            """;

    private static final String ANNOTATIONS = """
            {"info": {}, "annotations": [
              {"question_type": "what color is the", "multiple_choice_answer": "black",
               "answers": [{"answer": "black", "answer_confidence": "yes", "answer_id": 1},
                           {"answer": "black", "answer_confidence": "yes", "answer_id": 2},
                           {"answer": "Black", "answer_confidence": "maybe", "answer_id": 3},
                           {"answer": "white", "answer_confidence": "yes", "answer_id": 4},
                           {"answer": "black", "answer_confidence": "yes", "answer_id": 5},
                           {"answer": "black", "answer_confidence": "yes", "answer_id": 6},
                           {"answer": "gray", "answer_confidence": "yes", "answer_id": 7},
                           {"answer": "white", "answer_confidence": "yes", "answer_id": 8},
                           {"answer": "black", "answer_confidence": "yes", "answer_id": 9},
                           {"answer": "black", "answer_confidence": "yes", "answer_id": 10}],
               "image_id": 42, "answer_type": "other", "question_id": 420},
              {"question_type": "how many", "multiple_choice_answer": "2",
               "answers": [{"answer": "2", "answer_confidence": "yes", "answer_id": 1},
                           {"answer": "2", "answer_confidence": "yes", "answer_id": 2},
                           {"answer": "3", "answer_confidence": "yes", "answer_id": 3},
                           {"answer": "2", "answer_confidence": "yes", "answer_id": 4},
                           {"answer": "2", "answer_confidence": "yes", "answer_id": 5},
                           {"answer": "2", "answer_confidence": "yes", "answer_id": 6},
                           {"answer": "2", "answer_confidence": "yes", "answer_id": 7},
                           {"answer": "2", "answer_confidence": "yes", "answer_id": 8},
                           {"answer": "2", "answer_confidence": "yes", "answer_id": 9},
                           {"answer": "2", "answer_confidence": "yes", "answer_id": 10}],
               "image_id": 7, "answer_type": "number", "question_id": 70}
            ]}
            """;

    @Test
    void roundTripKeepsRawFieldsTokensAndSoftTargets() throws IOException {
        Path q = write("q.json", QUESTIONS);
        Path a = write("a.json", ANNOTATIONS);
        Path out = dir.resolve("vqa.arrow");
        ConversionReport r = VqaConverter.convert(List.of(new VqaConverter.Input(q, a)), out, settings(null),
                ConversionOptions.defaults());
        assertEquals(2, r.rows());
        try (VqaSamples s = VqaSamples.open(out)) {
            assertEquals(2, s.size());
            assertEquals(List.of("<unk>", "black", "white", "2", "left"), s.answers().answers());
            assertEquals(110, s.leftId());
            assertEquals(111, s.rightId());
            VqaSample first = s.get(0);
            assertEquals(420, first.questionId());
            assertEquals("42", first.imageId());
            assertEquals("What color is the cat?", first.question());
            // what color is the cat ?
            assertArrayEquals(new int[] {104, 105, 106, 107, 108, 109}, first.questionIds());
            assertEquals(List.of("black", "black", "Black", "white", "black", "black", "gray", "white", "black", "black"),
                    first.answers());
            assertEquals("black", first.multipleChoiceAnswer());
            assertEquals("other", first.answerType());
            assertEquals("what color is the", first.questionType());
            // 6×black → 1.0; 2×white → 0.6; "Black"/"gray" are not vocabulary entries
            assertArrayEquals(new int[] {1, 2}, first.labelIndices());
            assertArrayEquals(new float[] {1.0f, 0.6f}, first.labelScores());
            VqaSample second = s.get(1);
            // how many dog ##s ?
            assertArrayEquals(new int[] {114, 115, 113, 116, 109}, second.questionIds());
            assertArrayEquals(new int[] {3}, second.labelIndices());
            assertArrayEquals(new float[] {1.0f}, second.labelScores());
        }
    }

    @Test
    void testSetsWithoutAnnotationsHaveNullAnswerFields() throws IOException {
        Path q = write("q.json", QUESTIONS);
        Path out = dir.resolve("test.arrow");
        VqaConverter.convert(List.of(new VqaConverter.Input(q, null)), out, settings(null), ConversionOptions.defaults());
        try (VqaSamples s = VqaSamples.open(out)) {
            VqaSample v = s.get(1);
            assertEquals(70, v.questionId());
            assertFalse(v.annotated());
            assertNull(v.answers());
            assertNull(v.labelIndices());
            assertNull(v.multipleChoiceAnswer());
        }
    }

    @Test
    void misalignedAnnotationIsReportedWithBothLocations() throws IOException {
        Path q = write("q.json", QUESTIONS);
        Path a = write("a.json", ANNOTATIONS.replace("\"question_id\": 70", "\"question_id\": 71"));
        BadInputException e = assertThrows(BadInputException.class, () -> VqaConverter.convert(
                List.of(new VqaConverter.Input(q, a)), dir.resolve("o.arrow"), settings(null), ConversionOptions.defaults()));
        assertEquals(a + ":14: annotations[1]: is for question_id 71 but questions[1] (" + q
                + ":4) is question_id 70; the files must list the same questions in the same order", e.getMessage());
        assertFalse(Files.exists(dir.resolve("o.arrow")));
    }

    @Test
    void missingFieldsAndUnknownImagesAreSkippedWithSkipBad() throws IOException {
        float[] feats = Butd.features(1, 4, 1);
        Path tsv = write("f.tsv", Butd.tsvLine("42", 10, 10, Butd.boxes(1, 10, 10, 1), feats) + "\n");
        Path regionsFile = dir.resolve("regions.arrow");
        RegionConverter.fromTsv(List.of(tsv), regionsFile, new RegionConverter.Settings(4, false, null),
                ConversionOptions.defaults());
        Path q = write("q.json", QUESTIONS.replace("{\"image_id\": 42, \"question\": \"What color is the cat?\", ",
                "{\"image_id\": 42, ") + "");
        try (RegionFeatures regions = RegionFeatures.open(regionsFile)) {
            ConversionReport r = VqaConverter.convert(List.of(new VqaConverter.Input(q, null)), dir.resolve("o.arrow"),
                    settings(regions), ConversionOptions.defaults().withSkipBad(true));
            assertEquals(0, r.rows());
            assertEquals(List.of(q + ":3: questions[0]: missing field 'question'",
                    q + ":4: questions[1]: image_id 7 is not in the regions file " + regionsFile), r.skippedExamples());
        }
    }

    @Test
    void truncatedAnnotationsFileFailsAsAWhole() throws IOException {
        Path q = write("q.json", QUESTIONS);
        Path a = write("a.json", "{\"annotations\": []}");
        DataException e = assertThrows(DataException.class, () -> VqaConverter.convert(
                List.of(new VqaConverter.Input(q, a)), dir.resolve("o.arrow"), settings(null),
                ConversionOptions.defaults().withSkipBad(true)));
        assertEquals(a + " has fewer entries (0) than " + q
                + "; the two files must list the same questions in the same order", e.getMessage());
    }

    @Test
    void malformedJsonNamesTheLine() throws IOException {
        Path q = write("q.json", QUESTIONS.replace("\"question_id\": 70}", "\"question_id\": 70,,}"));
        BadInputException e = assertThrows(BadInputException.class, () -> VqaConverter.convert(
                List.of(new VqaConverter.Input(q, null)), dir.resolve("o.arrow"), settings(null),
                ConversionOptions.defaults()));
        assertEquals(q + ":4", e.location());
    }

    private VqaConverter.Settings settings(RegionFeatures regions) {
        return new VqaConverter.Settings(answers, TOKENIZER, "test vocab", regions);
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }
}
