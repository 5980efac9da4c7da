package org.vlbert.eval.vqa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.cli.VlbertException;
import org.vlbert.data.vqa.AnswerVocabulary;
import org.vlbert.eval.Argmax;

class VqaResultFileTest {
    private static final AnswerVocabulary VOCAB = new AnswerVocabulary(List.of("<unk>", "yes", "no", "2", "café"));

    @Test
    void answersAreTheVocabularyEntriesOfTheArgmaxIncludingUnk() {
        float[] logits = {
            5f, 1f, 0f, 0f, 0f,     // <unk> wins: the reference does not exclude it
            0f, 3f, 3f, 0f, 0f,     // tie: the first maximum
            -1f, -2f, -3f, -0.5f, -4f,
            0f, 0f, 0f, 0f, 0.1f};
        int[] idx = Argmax.rows(logits, 4, 5);
        assertArrayEquals(new int[] {0, 1, 3, 4}, idx);
        List<VqaPrediction> p = VqaResultFile.predictions(List.of(1L, 22L, 333L, 4444L), idx, VOCAB);
        assertEquals(List.of(new VqaPrediction(1, "<unk>"), new VqaPrediction(22, "yes"), new VqaPrediction(333, "2"),
                new VqaPrediction(4444, "café")), p);
    }

    @Test
    void fileTextIsCompactJsonDumpOutput(@TempDir Path dir) throws Exception {
        List<VqaPrediction> p = List.of(new VqaPrediction(458752000, "yes"), new VqaPrediction(7, "café"));
        String expected = "[{\"question_id\": 458752000, \"answer\": \"yes\"}, {\"question_id\": 7, \"answer\": \"caf\\u00e9\"}]";
        assertEquals(expected, VqaResultFile.toJson(p));
        Path file = VqaResultFile.write(dir, "base_4x16G_fp32", "test2015", p);
        assertEquals(dir.resolve("base_4x16G_fp32_vqa2_test2015.json"), file);
        assertEquals(expected, Files.readString(file, StandardCharsets.UTF_8));
        JsonNode parsed = new ObjectMapper().readTree(file.toFile());
        assertTrue(parsed.isArray());
        for (JsonNode entry : parsed) {
            List<String> fields = new ArrayList<>();
            entry.fieldNames().forEachRemaining(fields::add);
            assertEquals(List.of("question_id", "answer"), fields);
            assertTrue(entry.get("question_id").isIntegralNumber() && entry.get("answer").isTextual());
        }
        assertEquals("[]", VqaResultFile.toJson(List.of()));
    }

    @Test
    void aLogitColumnOutsideTheVocabularyIsAConfigError() {
        VlbertException e = assertThrows(VlbertException.class,
                () -> VqaResultFile.predictions(List.of(1L), new int[] {5}, VOCAB));
        assertTrue(e.getMessage().contains("ANSWER_VOCAB_SIZE"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> VqaResultFile.predictions(List.of(1L, 2L), new int[] {1}, VOCAB));
    }
}
