package org.vlbert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the benchmark on a tiny batch once: checks the report format, not the timings. */
class BenchGraphCommandTest {
    @Test
    void reportsBothTimingsTheBuildAndEndsWithTheRatio() {
        GraphsCommandTest.Run run = GraphsCommandTest.run(new BenchGraphCommand(),
                "--batch", "1", "--seq", "6", "--warmup", "0", "--iters", "1", "--threads", "1");
        assertEquals(0, run.exit(), run.err());
        String out = run.out();
        List<String> lines = out.lines().toList();
        assertTrue(lines.get(0).startsWith("BERT-base layer: B=1 S=6 H=768 heads=12 FF=3072"), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.matches("forward: +mean +[0-9.]+ ms +min +[0-9.]+ ms +\\(\\d+ nodes\\)")),
                out);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("forward+backward:")
                && l.contains("gradients of 16 parameters and the input")), out);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("12-layer BERT-base training graph")
                && l.matches(".*compiled in [0-9.]+ s .*, train_step [0-9,]+ nodes;.*")), out);
        assertTrue(lines.get(lines.size() - 1).matches("ratio: \\d+\\.\\d+"), lines.get(lines.size() - 1));
    }

    @Test
    void rejectsNonPositiveSizes() {
        GraphsCommandTest.Run run = GraphsCommandTest.run(new BenchGraphCommand(), "--iters", "0");
        assertEquals(Main.EXIT_USAGE, run.exit());
        assertTrue(run.err().startsWith("error: --threads, --iters, --batch and --seq must be >= 1"), run.err());
    }
}
