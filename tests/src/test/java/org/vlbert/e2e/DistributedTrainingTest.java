package org.vlbert.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.io.Safetensors;

/**
 * Distributed training with real worker processes on 127.0.0.1: the tiny VQA config on demo data
 * (32 training questions, so that one epoch is one optimizer step of the whole set), dropout off.
 */
class DistributedTrainingTest {
    private static final int EPOCHS = 40;
    private static final String PREFIX = "vl-bert_tiny_vqa";
    private static final Duration RUN = Duration.ofSeconds(150);

    @TempDir
    static Path tmp;
    private static Path data;
    private static Path uninterrupted;

    @BeforeAll
    static void demoData() throws Exception {
        data = tmp.resolve("data");
        Cli.run(List.of("data", "demo", "--out", data.toString(), "--images", "20", "--questions", "32"),
                Duration.ofSeconds(60));
    }

    /** {@code train} arguments: batch per worker, tiny dims from demo_tiny.yaml, 1 ORT thread each. */
    private static List<String> train(Path out, int batch, String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "--cfg", "cfgs/vqa/demo_tiny.yaml", "--out", out.toString(),
                "--set", "DATASET.DATASET_PATH=" + data, "--set", "DATASET.ROOT_PATH=" + data,
                "--set", "DATASET.ANSWER_VOCAB_FILE=" + data.resolve("answers.txt"),
                "--set", "NETWORK.BERT_MODEL_NAME=" + data, "--set", "TRAIN.BATCH_IMAGES=" + batch,
                "--set", "TRAIN.END_EPOCH=" + EPOCHS, "--set", "TRAIN.FLIP_PROB=0", "--no-dropout", "--threads", "1"));
        a.addAll(List.of(extra));
        return a;
    }

    private static List<String> launch(int workers, List<String> command, String... options) {
        List<String> a = new ArrayList<>(List.of("launch", "--nproc-per-node", Integer.toString(workers),
                "--master-port", Integer.toString(Cli.freePort())));
        a.addAll(List.of(options));
        a.addAll(command);
        return a;
    }

    private static Path checkpoint(Path run, int epoch) {
        return run.resolve(String.format("checkpoints/%s-%04d/params.safetensors", PREFIX, epoch));
    }

    private static double maxAbsDiff(Path a, Path b) throws IOException {
        Map<String, HostTensor> x = Safetensors.read(a).tensors();
        Map<String, HostTensor> y = Safetensors.read(b).tensors();
        assertEquals(x.keySet(), y.keySet());
        double max = 0;
        for (String k : x.keySet()) {
            FloatBuffer p = x.get(k).floatView();
            FloatBuffer q = y.get(k).floatView();
            for (int i = 0; i < p.capacity(); i++) {
                max = Math.max(max, Math.abs(p.get(i) - q.get(i)));
            }
        }
        return max;
    }

    /** Two workers with batch 16 each, run to the end without interruption (shared by two tests). */
    private static synchronized Path uninterruptedTwoWorkers() throws Exception {
        if (uninterrupted == null) {
            Path out = tmp.resolve("two-workers");
            String log = Cli.run(launch(2, train(out, 16)), RUN);
            assertTrue(log.contains("launch: all 2 worker(s) finished"), log);
            uninterrupted = out;
        }
        return uninterrupted;
    }

    @Test
    void twoWorkersWithBatch16MatchOneWorkerWithBatch32() throws Exception {
        Path one = tmp.resolve("one-worker");
        Cli.run(train(one, 32), RUN);
        Path two = uninterruptedTwoWorkers();
        double moved = maxAbsDiff(checkpoint(one, 0), checkpoint(one, EPOCHS - 1));
        double early = maxAbsDiff(checkpoint(one, 2), checkpoint(two, 2));
        double last = maxAbsDiff(checkpoint(one, EPOCHS - 1), checkpoint(two, EPOCHS - 1));
        System.out.printf("1 vs 2 workers: max |diff| %.3g after 3 steps, %.3g after %d; parameters moved %.3g%n", early,
                last, EPOCHS, moved);
        assertTrue(moved > 1e-2, "training moved the parameters by " + moved);
        assertTrue(early < 1e-6, "after 3 steps the runs differ by " + early);
        assertTrue(last < 1e-5, "after " + EPOCHS + " steps the runs differ by " + last);
        String rank1Log;
        try (var files = Files.list(two)) {
            rank1Log = Files.readString(files.filter(f -> f.getFileName().toString().endsWith("_rank1.log"))
                    .findFirst().orElseThrow());
        }
        assertTrue(rank1Log.contains("Rank[  1]Epoch[0] Batch [0]"), rank1Log);
        assertTrue(!Files.exists(two.resolve("checkpoints").resolve(PREFIX + "-0000").resolve("rank1")));
    }

    @Test
    void aKilledWorkerStopsTheJobQuicklyAndTheSameCommandResumesOnTheSameTrajectory() throws Exception {
        Path out = tmp.resolve("killed");
        List<String> command = launch(2, train(out, 16));
        Cli.Running job = Cli.start(command, Map.of());
        long rank1 = Long.parseLong(job.awaitLine("launch: started rank 1 \\(pid (\\d+)\\)", Duration.ofSeconds(60)));
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!Files.exists(checkpoint(out, 2)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(Files.exists(checkpoint(out, 2)), job.output());
        long t0 = System.nanoTime();
        Cli.signal(rank1, "KILL");
        int code = job.await(Duration.ofSeconds(30));
        double seconds = (System.nanoTime() - t0) / 1e9;
        String log = job.output();
        assertNotEquals(0, code, log);
        assertTrue(seconds < 15, "the job took " + seconds + " s to stop");
        assertTrue(log.contains("error: worker rank 1 (pid " + rank1 + ") failed: killed by signal 9 (SIGKILL)"), log);
        assertTrue(!Files.exists(checkpoint(out, EPOCHS - 1)), "the job finished before the kill: " + log);

        Cli.Running again = Cli.start(command, Map.of());
        assertEquals(0, again.await(RUN), again.output());
        String resumed = again.awaitLine("(resumed from .*)", Duration.ofSeconds(1));
        assertTrue(resumed.matches("resumed from .*/" + PREFIX + "-00\\d\\d at epoch \\d+ batch 0 .*"), resumed);
        assertTrue(again.output().contains("done: " + EPOCHS + " epochs"), again.output());
        // Every rank resumed with rank 0's parameters and optimizer moments (the reference lost the
        // moments on ranks > 0), so the resumed job ends where the uninterrupted one does.
        double diff = maxAbsDiff(checkpoint(out, EPOCHS - 1), checkpoint(uninterruptedTwoWorkers(), EPOCHS - 1));
        System.out.printf("killed job stopped in %.2f s; resumed vs uninterrupted: max |diff| %.3g%n", seconds, diff);
        assertTrue(diff < 1e-6, "resumed and uninterrupted runs differ by " + diff);
    }

    @Test
    void aStoppedWorkerIsCaughtByTheWatchdog() throws Exception {
        Path out = tmp.resolve("hung");
        Cli.Running job = Cli.start(launch(2, train(out, 16, "--collective-timeout", "4"), "--kill-grace", "2"),
                Map.of());
        long rank1 = Long.parseLong(job.awaitLine("launch: started rank 1 \\(pid (\\d+)\\)", Duration.ofSeconds(60)));
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!Files.exists(checkpoint(out, 1)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        long t0 = System.nanoTime();
        Cli.signal(rank1, "STOP");
        try {
            int code = job.await(Duration.ofSeconds(40));
            double seconds = (System.nanoTime() - t0) / 1e9;
            String log = job.output();
            assertNotEquals(0, code, log);
            System.out.printf("stopped worker: job ended %.2f s after SIGSTOP%n", seconds);
            assertTrue(seconds < 4 + 2 + 10, "the job took " + seconds + " s to stop");
            assertTrue(log.matches("(?s).*error: watchdog: .* timed out: .* on rank 0 did not complete within 4 s.*"),
                    log);
            assertTrue(log.contains("error: worker rank 0 "), log);
            assertTrue(log.contains("rank 1: killed by signal 9 (SIGKILL)"), log);
        } finally {
            job.kill();
            ProcessHandle.of(rank1).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void threeWorkersAllReduceExactlyOverLoopback() throws Exception {
        String log = Cli.run(launch(3, List.of("bench", "allreduce", "--mb", "8", "--iters", "2")), RUN);
        assertTrue(log.matches("(?s).*allreduce 8\\.0 MB x 3 workers: median [0-9.]+ s, .* wrong 0\\s*\\n"
                + "launch: all 3 worker\\(s\\) finished.*"), log);
    }
}
