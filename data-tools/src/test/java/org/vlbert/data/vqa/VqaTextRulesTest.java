package org.vlbert.data.vqa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.data.DataException;
import org.vlbert.testutil.SharedFixtures;

/** processPunctuation, the answer vocabulary file rules and the soft-target formula. */
class VqaTextRulesTest {
    @TempDir
    Path dir;

    @Test
    void processPunctuationMatchesTheOfficialEvaluationOracle() throws IOException {
        Path oracle = SharedFixtures.fixture("oracles", "vqa_eval", "normalization.jsonl");
        ObjectMapper json = new ObjectMapper();
        int n = 0;
        for (String line : Files.readAllLines(oracle)) {
            JsonNode c = json.readTree(line);
            assertEquals(c.get("processPunctuation").asText(), VqaPunctuation.process(c.get("text").asText()),
                    "text: " + c.get("text"));
            n++;
        }
        assertTrue(n > 50, "oracle cases: " + n);
    }

    @Test
    void processPunctuationQuirks() {
        assertEquals("3 4", VqaPunctuation.process("3-4"));
        assertEquals("34", VqaPunctuation.process("3,4"), "digit-comma-digit deletes punctuation instead of spacing");
        assertEquals("a  b", VqaPunctuation.process("a - b"), "a mark next to a space is deleted, not spaced");
        assertEquals("2.5", VqaPunctuation.process("2.5"));
        assertEquals("mr smith", VqaPunctuation.process("mr. smith"));
        String dots = ".".repeat(40);
        assertEquals("........", VqaPunctuation.process(dots), "only 32 periods are removed");
    }

    @Test
    void answerFileIsLowerCasedStrippedAndPunctuationProcessed() throws IOException {
        Path f = dir.resolve("answers.txt");
        Files.writeString(f, "  Yes \r\n\n<unk>\nT-shirt\n3,5\nno\n");
        AnswerVocabulary v = AnswerVocabulary.load(f);
        assertEquals(List.of("yes", "<unk>", "t shirt", "35", "no"), v.answers());
        assertEquals(1, v.unkIndex());
        assertEquals(2, v.indexOrUnk("t shirt"));
        assertEquals(1, v.indexOrUnk("T-shirt"), "raw answers are matched exactly, unprocessed");
    }

    @Test
    void answerFileWithoutUnkIsRejected() throws IOException {
        Path f = dir.resolve("a.txt");
        Files.writeString(f, "yes\nno\n");
        DataException e = assertThrows(DataException.class, () -> AnswerVocabulary.load(f));
        assertEquals(f + ": answer vocabulary has no '<unk>' entry (the reference requires one)", e.getMessage());
    }

    @Test
    void softScoresAreThePointThreeRuleAveragedOverAnnotators() {
        AnswerVocabulary v = new AnswerVocabulary(List.of("<unk>", "a", "b", "c", "d", "e"));
        // 4×a, 3×b, 2×c, 1×d → 1.0, 0.9, 0.6, 0.3
        List<String> answers = List.of("a", "b", "a", "c", "b", "d", "a", "b", "c", "a");
        SoftTarget t = SoftTarget.of(answers, v);
        assertArrayEquals(new int[] {1, 2, 3, 4}, t.indices());
        assertArrayEquals(new float[] {1.0f, 0.9f, 0.6f, 0.3f}, t.scores());
        assertEquals((float) ((2 * (1.0 / 3) + 8 * (2.0 / 3)) / 10), t.scores()[2]);
        // unknown answers go to <unk>, which never gets a score
        SoftTarget u = SoftTarget.of(Collections.nCopies(10, "zzz"), v);
        assertEquals(0, u.indices().length);
        // n = 2 of 10
        SoftTarget two = SoftTarget.of(List.of("e", "e", "x", "x", "x", "x", "x", "x", "x", "x"), v);
        assertArrayEquals(new int[] {5}, two.indices());
        assertEquals((float) ((8 * (2.0 / 3) + 2 * (1.0 / 3)) / 10), two.scores()[0]);
        assertEquals(0.6f, two.scores()[0]);
    }
}
