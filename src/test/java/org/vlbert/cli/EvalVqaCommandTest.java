package org.vlbert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.testutil.SharedFixtures;
import picocli.CommandLine;

class EvalVqaCommandTest {
    private static final Path DATA = SharedFixtures.fixture("oracles", "vqa_eval");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new EvalVqaCommand(new PrintStream(out, true, StandardCharsets.UTF_8)));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static String[] args(String predictions, String... extra) {
        String[] base = {"--questions", DATA.resolve("questions.json").toString(),
            "--annotations", DATA.resolve("annotations.json").toString(),
            "--results", DATA.resolve("predictions").resolve(predictions + ".json").toString()};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    @Test
    void printsTheOfficialOutputOfTheCurrentRevisionByDefault() throws IOException {
        assertEquals(0, run(args("mixed")), err.toString());
        assertEquals(Files.readString(DATA.resolve("expected/current/mixed.json")), out.toString(StandardCharsets.UTF_8));
        assertEquals("", err.toString());
    }

    @Test
    void legacyRevisionOnRequest() throws IOException {
        assertEquals(0, run(args("normalized_variants", "--revision", "legacy")), err.toString());
        assertEquals(Files.readString(DATA.resolve("expected/legacy/normalized_variants.json")),
                out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void unknownRevisionIsAUsageError() {
        assertEquals(2, run(args("mixed", "--revision", "2017")));
        assertTrue(err.toString().contains("unknown VQA evaluation revision '2017' (use current or legacy)"), err.toString());
    }

    @Test
    void incompleteResultsAreAUserError(@TempDir Path dir) throws IOException {
        Path partial = dir.resolve("partial.json");
        Files.writeString(partial, "[{\"question_id\": 455261000, \"answer\": \"tennis\"}]");
        int exit = run("--questions", DATA.resolve("questions.json").toString(),
                "--annotations", DATA.resolve("annotations.json").toString(), "--results", partial.toString());
        assertEquals(1, exit);
        assertTrue(err.toString().startsWith("eval-vqa: results file " + partial + " does not correspond"), err.toString());
        assertTrue(err.toString().contains("No answer for 87 question id(s): 455261001, 325538000,"), err.toString());
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }
}
