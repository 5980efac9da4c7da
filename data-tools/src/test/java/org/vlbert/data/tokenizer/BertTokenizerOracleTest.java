package org.vlbert.data.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vlbert.testutil.SharedFixtures;

/** Every oracle vector of shared/fixtures/oracles/tokenizer must match exactly. */
class BertTokenizerOracleTest {
    private static final int EXPECTED_CASES = 321;

    private static BertTokenizer tokenizer;
    private static List<JsonNode> cases;

    @BeforeAll
    static void load() throws IOException {
        Path dir = SharedFixtures.fixture("oracles", "tokenizer");
        tokenizer = BertTokenizer.fromVocab(dir.resolve("vocab.txt"));
        ObjectMapper mapper = new ObjectMapper();
        cases = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("cases.jsonl"), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                cases.add(mapper.readTree(line));
            }
        }
    }

    @Test
    void allOracleCasesMatch() {
        assertEquals(EXPECTED_CASES, cases.size(), "cases.jsonl changed");
        Map<String, int[]> passedAndTotalByCategory = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (JsonNode c : cases) {
            String text = c.get("text").asText();
            List<String> basic = tokenizer.basicTokenize(text);
            List<String> tokens = tokenizer.tokenize(text);
            long[] ids = tokenizer.convertTokensToIds(tokens);
            boolean pass = basic.equals(strings(c.get("basic_tokens")))
                    && tokens.equals(strings(c.get("tokens")))
                    && Arrays.equals(ids, longs(c.get("ids")));
            int[] counts = passedAndTotalByCategory.computeIfAbsent(c.get("category").asText(), k -> new int[2]);
            counts[1]++;
            if (pass) {
                counts[0]++;
            } else if (failures.size() < 20) {
                failures.add(c.get("id").asText() + " [" + c.get("category").asText() + "]: expected "
                        + c.get("tokens") + " got " + tokens + " (basic " + basic + ")");
            }
        }
        StringBuilder report = new StringBuilder();
        passedAndTotalByCategory.forEach((category, n) -> report.append(String.format("%n  %-13s %d/%d", category, n[0], n[1])));
        assertTrue(failures.isEmpty(), "oracle mismatches per category:" + report + "\nfirst failures:\n  "
                + String.join("\n  ", failures));
    }

    @Test
    void specialIdsAreTheBertBaseUncasedOnes() {
        assertEquals(0, tokenizer.padId());
        assertEquals(100, tokenizer.unkId());
        assertEquals(101, tokenizer.clsId());
        assertEquals(102, tokenizer.sepId());
        assertEquals(103, tokenizer.maskId());
        assertEquals(5800, tokenizer.vocabulary().size());
        assertEquals("the", tokenizer.idToToken(1996));
        assertEquals("[MASK]", tokenizer.idToToken(tokenizer.tokenToId("[MASK]")));
    }

    @Test
    void idsRoundTripThroughTokens() {
        for (JsonNode c : cases) {
            long[] ids = longs(c.get("ids"));
            List<String> back = new ArrayList<>();
            for (long id : ids) {
                back.add(tokenizer.idToToken(id));
            }
            assertEquals(strings(c.get("tokens")), back, c.get("id").asText());
        }
    }

    @Test
    void wholeWordBecomesUnkWhenWordpieceFailsPartway() {
        // "un" and "##aff" exist, but no piece covers the final "☃" (not in the vocabulary).
        assertEquals(List.of("[UNK]"), tokenizer.tokenize("unaff\u2603"));
        assertArrayEquals(new long[] {100}, tokenizer.convertTokensToIds(tokenizer.tokenize("unaff\u2603")));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asLong();
        }
        return out;
    }
}
