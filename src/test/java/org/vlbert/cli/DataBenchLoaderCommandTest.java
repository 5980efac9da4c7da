package org.vlbert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.data.demo.DemoVqaGenerator;
import picocli.CommandLine;

/** {@code vlbert bench loader} on a small demo dataset (the command's loader benchmark plumbing). */
class DataBenchLoaderCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsBatchTimesAndSamplesPerSecondLast() {
        DemoVqaGenerator.generate(dir, new DemoVqaGenerator.Settings(12, 40, 20, 2048, 2));
        StringWriter out = new StringWriter();
        CommandLine cmd = new CommandLine(new BenchLoaderCommand());
        cmd.setOut(new PrintWriter(out, true));
        int code = cmd.execute("--data", dir.resolve("vqa_train.arrow").toString(), "--batch-size", "8", "--batches", "6",
                "--warmup", "1");
        assertEquals(0, code);
        String[] lines = out.toString().strip().split("\\R");
        assertTrue(lines[0].startsWith("6 batches of 8 (up to 21 boxes × 2048 features)"), lines[0]);
        assertTrue(lines[1].matches("batch 0: [0-9.]+ ms \\(warm-up\\)"), lines[1]);
        assertTrue(lines[lines.length - 1].matches("samples/s: [0-9]+\\.[0-9]"), lines[lines.length - 1]);
        assertTrue(Double.parseDouble(lines[lines.length - 1].substring(11)) > 0);
        assertEquals(1 + 7 + 1 + 1, lines.length);
    }
}
