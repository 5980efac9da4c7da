package org.vlbert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vlbert.testutil.CliRun.vlbert;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vlbert.testutil.CliRun;
import org.vlbert.testutil.RepoRoot;

/** bench infer runs the exported VQA graph (both forms) and ends with the headline figure. */
class BenchInferCommandTest {
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void tinyVqaGraphReportsSamplesPerSecond(boolean optimize) {
        String cfg = RepoRoot.cfgs().resolve("vqa/demo_tiny.yaml").toString();
        String[] args = optimize
                ? new String[] {"bench", "infer", "--cfg", cfg, "--batch", "2", "--boxes", "3", "--steps", "2",
                    "--warmup", "1", "--optimize"}
                : new String[] {"bench", "infer", "--cfg", cfg, "--batch", "2", "--boxes", "3", "--steps", "2",
                    "--warmup", "1"};
        CliRun run = vlbert(args);
        String text = run.out();
        assertEquals(0, run.exit(), text + run.err());
        String[] lines = text.strip().split("\n");
        assertTrue(lines[0].contains("hidden 64, layers 2") && lines[0].contains("batch 2, boxes 3+1"), lines[0]);
        assertTrue(lines[0].contains(optimize ? "graph --optimize (ORT offline basic)" : "graph standard"), lines[0]);
        assertTrue(lines[1].startsWith("session created in "), lines[1]);
        assertTrue(lines[lines.length - 1].matches("samples/s: \\d+\\.\\d\\d"), lines[lines.length - 1]);
        assertEquals(2, text.lines().filter(l -> l.startsWith("run ")).count());
    }
}
