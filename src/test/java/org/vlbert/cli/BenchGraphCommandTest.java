package org.vlbert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Runs the benchmark on a tiny batch once: checks the report format, not the timings. */
class BenchGraphCommandTest {
    @Test
    void reportsBothTimingsTheBuildAndEndsWithTheRatio() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new BenchGraphCommand()).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute("--batch", "1", "--seq", "6", "--warmup", "0", "--iters", "1", "--threads", "1");
        assertEquals(0, exit, err.toString());
        List<String> lines = out.toString().lines().toList();
        assertTrue(lines.get(0).startsWith("BERT-base layer: B=1 S=6 H=768 heads=12 FF=3072"), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.matches("forward: +mean +[0-9.]+ ms +min +[0-9.]+ ms +\\(\\d+ nodes\\)")),
                out.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("forward+backward:")
                && l.contains("gradients of 16 parameters and the input")), out.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("12-layer BERT-base train_step graph")
                && l.matches(".*built in [0-9.]+ s .*, [0-9,]+ nodes;.*")), out.toString());
        assertTrue(lines.get(lines.size() - 1).matches("ratio: \\d+\\.\\d+"), lines.get(lines.size() - 1));
    }

    @Test
    void rejectsNonPositiveSizes() {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new BenchGraphCommand()).setErr(new PrintWriter(err, true)).execute("--iters", "0");
        assertEquals(1, exit);
        assertTrue(err.toString().startsWith("error: --threads, --iters, --batch and --seq must be >= 1"), err.toString());
    }
}
