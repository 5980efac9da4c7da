package org.vlbert.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main job on a small scale through the real launcher: demo data, then a short run
 * of the tiny VQA config, then a resume that continues from the last checkpoint.
 */
class QuickstartE2ETest {
    @Test
    void demoDataTrainAndResume(@TempDir Path work) throws Exception {
        Path cfg = Cli.repo().resolve("cfgs/vqa/demo_tiny.yaml");
        CliRun.Result data = CliRun.run(work, 120, "data", "demo", "--out", "runs/demo-data", "--images", "200",
                "--questions", "400");
        assertEquals(0, data.exit(), data.err());
        assertTrue(Files.exists(work.resolve("runs/demo-data/vqa_train.arrow")));

        CliRun.Result first = CliRun.run(work, 300, "train", "--cfg", cfg.toString(), "--out", "runs/vqa",
                "--set", "TRAIN.END_EPOCH=2");
        assertEquals(0, first.exit(), first.out() + first.err());
        assertTrue(first.out().contains("Val-SoftAcc="), first.out());
        assertTrue(Files.exists(work.resolve("runs/vqa/checkpoints/vl-bert_tiny_vqa-0001/params.safetensors")));
        assertTrue(Files.exists(work.resolve("runs/vqa/config.yaml")));
        try (var tb = Files.list(work.resolve("runs/vqa/tensorboard"))) {
            assertTrue(tb.anyMatch(p -> p.getFileName().toString().startsWith("events.out.tfevents.")));
        }

        CliRun.Result resumed = CliRun.run(work, 300, "train", "--cfg", cfg.toString(), "--out", "runs/vqa",
                "--set", "TRAIN.END_EPOCH=3");
        assertEquals(0, resumed.exit(), resumed.out() + resumed.err());
        assertTrue(resumed.out().contains("resumed from"), resumed.out());
        assertTrue(resumed.out().contains("Epoch[2]") && !resumed.out().contains("Epoch[0]"), resumed.out());
    }

    @Test
    void errorsAreClearAndExitCodesFollowTheContract(@TempDir Path work) throws Exception {
        CliRun.Result missing = CliRun.run(work, 60, "train", "--cfg", "nope.yaml", "--out", "x");
        assertEquals(1, missing.exit());
        assertTrue(missing.err().startsWith("error: ") && missing.err().contains("nope.yaml"), missing.err());
        assertTrue(!missing.err().contains("\tat "), "no stack trace without --debug: " + missing.err());
        CliRun.Result usage = CliRun.run(work, 60, "train");
        assertEquals(2, usage.exit());
    }
}
