package org.vlbert.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.graphs.compile.CompiledTask;
import org.vlbert.graphs.compile.TaskCompiler;
import org.vlbert.monitor.TfEventsWriter;
import org.vlbert.runtime.OrtSessions;
import org.vlbert.runtime.TaskRunner;
import org.vlbert.runtime.TensorSlab;
import org.vlbert.tasks.metrics.CompositeMetrics;
import org.vlbert.tasks.metrics.LossLogger;
import org.vlbert.tasks.vqa.SoftAccuracy;

class TrainerTest {
    private static final CompiledTask TASK = new TaskCompiler().compile(SyntheticVqa.model(0.1f));

    static TrainSettings settings(int endEpoch, long everySteps, boolean autoResume) {
        return new TrainSettings(0, endEpoch, "AdamW", 1e-3 / 8, 0.9, 1e-4, "triangle", true, "linear", 0.1, 4,
                new double[0], 0.1, 1.0, 1, 8, 1, List.of(), false, "dynamic", 1, everySteps, false, autoResume,
                100, 7, "tiny");
    }

    static void init(TensorSlab params) {
        Random r = new Random(3);
        for (String name : params.slots().keySet()) {
            var f = params.floats(name);
            boolean ln = name.endsWith("LayerNorm.weight") || name.contains("visual_ln");
            for (int i = 0; i < f.capacity(); i++) {
                f.put(i, ln ? 1f : (float) (r.nextGaussian() * 0.05));
            }
        }
    }

    private static Trainer.Summary train(Path dir, TrainSettings s, int failAfter) {
        try (TensorSlab params = new TensorSlab(TASK.paramShapes()); TensorSlab grads = params.sameLayout();
             TaskRunner runner = new TaskRunner(TASK, params, grads, OrtSessions.Settings.cpu(2));
             TfEventsWriter tb = TfEventsWriter.open(dir.resolve("tb"))) {
            init(params);
            CompositeMetrics tm = new CompositeMetrics(List.of(new SoftAccuracy(), new LossLogger("ans_loss", "AnsLoss")),
                    "SoftAcc");
            CompositeMetrics vm = new CompositeMetrics(List.of(new SoftAccuracy()), "SoftAcc");
            RunCheckpoints ck = new RunCheckpoints(dir, "tiny", Map.of(), null, m -> { });
            List<String> log = new ArrayList<>();
            Trainer t = new Trainer(s, runner, params, grads, new SyntheticVqa(6, 8, 11, failAfter),
                    new SyntheticVqa(2, 8, 99, -1), tm, vm, ck, tb, log::add);
            return t.run();
        }
    }

    @Test
    void lossDecreasesAndCheckpointsAreWritten(@TempDir Path dir) {
        Trainer.Summary s = train(dir, settings(4, 0, false), -1);
        List<Float> l = s.losses();
        double first = (l.get(0) + l.get(1) + l.get(2)) / 3;
        double last = (l.get(l.size() - 1) + l.get(l.size() - 2) + l.get(l.size() - 3)) / 3;
        assertTrue(last < first, "loss should decrease: " + l);
        for (int e = 0; e < 4; e++) {
            assertTrue(Files.exists(dir.resolve("checkpoints/tiny-000" + e + "/state.json")));
        }
        assertEquals(24, s.state().globalStep());
    }

    @Test
    void killedRunResumesOnTheSameTrajectory(@TempDir Path a, @TempDir Path b) {
        Trainer.Summary full = train(a, settings(2, 4, true), -1);
        // Crash after 9 batches: the step-8 checkpoint (mid epoch 1) is the newest complete one.
        assertThrows(IllegalStateException.class, () -> train(b, settings(2, 4, true), 9));
        Trainer.Summary resumed = train(b, settings(2, 4, true), -1);
        List<Float> tail = full.losses().subList(full.losses().size() - resumed.losses().size(), full.losses().size());
        assertEquals(4, resumed.losses().size());
        for (int i = 0; i < tail.size(); i++) {
            assertEquals(tail.get(i), resumed.losses().get(i), 1e-6f, "step " + i + ": " + tail + " vs "
                    + resumed.losses());
        }
    }

    /** A fixed list of batches (epoch-independent), for exact comparisons. */
    private static final class FixedBatches implements BatchStream {
        private final List<Map<String, org.vlbert.graphs.tensor.HostTensor>> batches;

        FixedBatches(List<Map<String, org.vlbert.graphs.tensor.HostTensor>> batches) {
            this.batches = batches;
        }

        @Override
        public int batchesPerEpoch() {
            return batches.size();
        }

        @Override
        public int batchSize() {
            return (int) batches.get(0).get("label").dim(0);
        }

        @Override
        public java.util.Iterator<Map<String, org.vlbert.graphs.tensor.HostTensor>> epoch(int epoch, int start) {
            return batches.subList(start, batches.size()).iterator();
        }
    }

    private static Map<String, org.vlbert.graphs.tensor.HostTensor> concat(
            Map<String, org.vlbert.graphs.tensor.HostTensor> a, Map<String, org.vlbert.graphs.tensor.HostTensor> b) {
        Map<String, org.vlbert.graphs.tensor.HostTensor> m = new java.util.LinkedHashMap<>();
        for (String k : a.keySet()) {
            var x = a.get(k);
            var y = b.get(k);
            long[] shape = x.shape();
            shape[0] += y.dim(0);
            var t = org.vlbert.graphs.tensor.HostTensor.allocate(x.dtype(), shape);
            t.buffer().put(x.buffer()).put(y.buffer());
            m.put(k, t);
        }
        return m;
    }

    private static TensorSlab trainFixed(CompiledTask task, BatchStream data, int accumulate, int batchImages,
                                         Path dir) {
        TrainSettings s = new TrainSettings(0, 1, "AdamW", 1e-3 / 16, 0.9, 1e-4, "triangle", true, "linear", 0.1, 2,
                new double[0], 0.1, 1.0, accumulate, batchImages, 1, List.of(), false, "dynamic", 1, 0, false, false,
                100, 7, "acc");
        TensorSlab params = new TensorSlab(task.paramShapes());
        try (TensorSlab grads = params.sameLayout();
             TaskRunner runner = new TaskRunner(task, params, grads, OrtSessions.Settings.cpu(2));
             TfEventsWriter tb = TfEventsWriter.open(dir.resolve("tb"))) {
            init(params);
            CompositeMetrics m = new CompositeMetrics(List.of(new SoftAccuracy()), "SoftAcc");
            new Trainer(s, runner, params, grads, data, null, m, m,
                    new RunCheckpoints(dir, "acc", Map.of(), null, x -> { }), tb, x -> { }).run();
        }
        return params;
    }

    @Test
    void accumulatingTwoMicroBatchesEqualsOneDoubleBatch(@TempDir Path a, @TempDir Path b) {
        CompiledTask noDropout = new TaskCompiler().withoutDropout().compile(SyntheticVqa.model(0f));
        List<Map<String, org.vlbert.graphs.tensor.HostTensor>> small = new ArrayList<>();
        new SyntheticVqa(8, 8, 5, -1).epoch(0, 0).forEachRemaining(small::add);
        List<Map<String, org.vlbert.graphs.tensor.HostTensor>> big = new ArrayList<>();
        for (int i = 0; i < small.size(); i += 2) {
            big.add(concat(small.get(i), small.get(i + 1)));
        }
        try (TensorSlab accumulated = trainFixed(noDropout, new FixedBatches(small), 2, 8, a);
             TensorSlab single = trainFixed(noDropout, new FixedBatches(big), 1, 16, b)) {
            for (String p : accumulated.slots().keySet()) {
                float[] x = new float[accumulated.slot(p).numel()];
                float[] y = new float[x.length];
                accumulated.floats(p).get(x);
                single.floats(p).get(y);
                for (int i = 0; i < x.length; i++) {
                    assertEquals(y[i], x[i], 2e-5f + 1e-4f * Math.abs(y[i]), p + "[" + i + "]");
                }
            }
        }
    }

    @Test
    void damagedNewestCheckpointFallsBackToThePreviousOne(@TempDir Path dir) throws Exception {
        train(dir, settings(2, 0, true), -1);
        Path newest = dir.resolve("checkpoints/tiny-0001/params.safetensors");
        byte[] all = Files.readAllBytes(newest);
        Files.write(newest, java.util.Arrays.copyOf(all, all.length / 3));
        List<String> warnings = new ArrayList<>();
        RunCheckpoints ck = new RunCheckpoints(dir, "tiny", Map.of(), null, warnings::add);
        CheckpointStore.Loaded l = ck.loadLatest().orElseThrow();
        assertTrue(l.source().endsWith("tiny-0000"), l.source());
        assertEquals(1, l.state().epoch());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("tiny-0001") && w.contains("falling back")), warnings.toString());
    }
}
