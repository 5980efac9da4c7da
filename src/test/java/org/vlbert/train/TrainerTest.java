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
}
