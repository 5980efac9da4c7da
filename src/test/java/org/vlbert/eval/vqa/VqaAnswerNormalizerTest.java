package org.vlbert.eval.vqa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vlbert.testutil.SharedFixtures;

class VqaAnswerNormalizerTest {
    @Test
    void everyNormalizationVectorMatches() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<String> lines = Files.readAllLines(SharedFixtures.fixture("oracles", "vqa_eval", "normalization.jsonl"),
                StandardCharsets.UTF_8);
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode v = mapper.readTree(line);
            String text = v.get("text").asText();
            String punct = VqaAnswerNormalizer.processPunctuation(text);
            String digit = VqaAnswerNormalizer.processDigitArticle(text);
            String both = VqaAnswerNormalizer.processDigitArticle(punct);
            if (!punct.equals(v.get("processPunctuation").asText())
                    || !digit.equals(v.get("processDigitArticle").asText())
                    || !both.equals(v.get("processPunctuation_then_processDigitArticle").asText())) {
                failures.add(line + "\n    got: " + punct + " | " + digit + " | " + both);
            }
            checked++;
        }
        assertEquals(260, checked);
        assertTrue(failures.isEmpty(), failures.size() + " mismatches:\n" + String.join("\n", failures));
    }

    @Test
    void punctuationQuirks() {
        assertEquals("3 4", VqaAnswerNormalizer.processPunctuation("3-4"));
        assertEquals("3  4", VqaAnswerNormalizer.processPunctuation("3 - 4"));
        // digit-comma-digit anywhere: every mark is deleted instead of spaced
        assertEquals("1000 catsdogs", VqaAnswerNormalizer.processPunctuation("1,000 cats/dogs"));
        // apostrophe and colon are kept; a period before a digit is kept
        assertEquals("it's 3:30 or 3.5", VqaAnswerNormalizer.processPunctuation("it's 3:30 or 3.5."));
        // at most 32 periods go
        assertEquals("...", VqaAnswerNormalizer.processPunctuation(".".repeat(35)));
    }

    @Test
    void digitArticleStep() {
        assertEquals("2 dogs", VqaAnswerNormalizer.processDigitArticle("Two   the Dogs"));
        assertEquals("0", VqaAnswerNormalizer.processDigitArticle("none"));
        assertEquals("don't", VqaAnswerNormalizer.processDigitArticle("DONT"));
        assertEquals("im", VqaAnswerNormalizer.processDigitArticle("Im")); // the table's key has a capital
        assertEquals("", VqaAnswerNormalizer.processDigitArticle(" a an the "));
    }
}
