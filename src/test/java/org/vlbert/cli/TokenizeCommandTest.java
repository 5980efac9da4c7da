package org.vlbert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vlbert.testutil.SharedFixtures;
import picocli.CommandLine;

class TokenizeCommandTest {
    private static final Path ORACLES = SharedFixtures.fixture("oracles", "tokenizer");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final StringWriter err = new StringWriter();

    private int run(byte[] stdin, ByteArrayOutputStream stdout, String... args) {
        CommandLine cli = new CommandLine(new TokenizeCommand(new ByteArrayInputStream(stdin), stdout));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void writesOneJsonObjectPerLineMatchingTheOracle() throws IOException {
        // Every oracle text that survives a trip through a UTF-8 line: no line breaks, no lone surrogates.
        List<JsonNode> cases = new ArrayList<>();
        StringBuilder input = new StringBuilder();
        for (String line : Files.readAllLines(ORACLES.resolve("cases.jsonl"), StandardCharsets.UTF_8)) {
            JsonNode c = MAPPER.readTree(line);
            String text = c.get("text").asText();
            if (text.indexOf('\n') < 0 && text.indexOf('\r') < 0 && !hasLoneSurrogate(text)) {
                cases.add(c);
                input.append(text).append('\n');
            }
        }
        assertTrue(cases.size() > 300, "most oracle cases are usable here: " + cases.size());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = run(input.toString().getBytes(StandardCharsets.UTF_8), out, "--vocab", ORACLES.resolve("vocab.txt").toString());

        assertEquals(0, exit, err.toString());
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n", -1);
        assertEquals(cases.size() + 1, lines.length, "one line per input line, then the final newline");
        assertEquals("", lines[cases.size()]);
        for (int i = 0; i < cases.size(); i++) {
            ObjectNode expected = MAPPER.createObjectNode();
            expected.set("tokens", cases.get(i).get("tokens"));
            expected.set("ids", cases.get(i).get("ids"));
            assertEquals(expected, MAPPER.readTree(lines[i]), cases.get(i).get("id").asText());
        }
    }

    @Test
    void exactOutputFormat() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = run("Hello, World!\r\n\n".getBytes(StandardCharsets.UTF_8), out,
                "--vocab", ORACLES.resolve("vocab.txt").toString());
        assertEquals(0, exit);
        assertEquals("{\"tokens\":[\"hello\",\",\",\"world\",\"!\"],\"ids\":[2521,1010,2522,999]}\n"
                + "{\"tokens\":[],\"ids\":[]}\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void missingVocabIsAUserErrorWithoutStackTrace() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = run(new byte[0], out, "--vocab", "/nonexistent/vocab.txt");
        assertEquals(1, exit);
        assertTrue(err.toString().startsWith("tokenize: vocabulary file /nonexistent/vocab.txt does not exist"), err.toString());
        assertFalse(err.toString().contains("Exception"), err.toString());
    }

    @Test
    void invalidUtf8OnStdinIsReported() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] input = {'o', 'k', '\n', (byte) 0xFF, 'x', '\n'};
        int exit = run(input, out, "--vocab", ORACLES.resolve("vocab.txt").toString());
        assertEquals(1, exit);
        assertTrue(err.toString().startsWith("tokenize: stdin is not valid UTF-8"), err.toString());
    }

    @Test
    void vocabOptionIsRequired() {
        assertEquals(2, run(new byte[0], new ByteArrayOutputStream()));
        assertTrue(err.toString().contains("Missing required option: '--vocab=FILE'"), err.toString());
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
