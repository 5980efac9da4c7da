package org.vlbert.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.graphs.compile.CompiledTask;
import org.vlbert.graphs.compile.TaskCompiler;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.monitor.TfEventsWriter;
import org.vlbert.runtime.OrtSessions;
import org.vlbert.runtime.TaskRunner;
import org.vlbert.runtime.TensorSlab;
import org.vlbert.tasks.metrics.CompositeMetrics;
import org.vlbert.tasks.vqa.SoftAccuracy;

/**
 * Epochs of different lengths (grouped batches under sharding): each epoch runs its own count,
 * global steps count the batches run, and a resumed run continues on the same trajectory.
 */
class TrainerEpochLengthsTest {
    private static final CompiledTask TASK = new TaskCompiler().compile(SyntheticVqa.model(0.1f));
    private static final int[] COUNTS = {5, 4, 6};

    /** SyntheticVqa batches, COUNTS[epoch] of them; the schedule count is epoch 0's. */
    private static final class VaryingEpochs implements BatchStream {
        private final SyntheticVqa batches;

        VaryingEpochs(int failAfter) {
            this.batches = new SyntheticVqa(6, 8, 11, failAfter);
        }

        @Override
        public int batchesPerEpoch() {
            return COUNTS[0];
        }

        @Override
        public int batchesInEpoch(int epoch) {
            return COUNTS[epoch];
        }

        @Override
        public int batchSize() {
            return 8;
        }

        @Override
        public Iterator<Map<String, HostTensor>> epoch(int epoch, int startBatch) {
            return Stream.generate(batches.epoch(epoch, startBatch)::next).limit(COUNTS[epoch] - startBatch)
                    .iterator();
        }
    }

    private static Trainer.Summary train(Path dir, int failAfter) {
        TrainSettings s = TrainerTest.settings(3, 3, true);
        try (TensorSlab params = new TensorSlab(TASK.paramShapes()); TensorSlab grads = params.sameLayout();
             TaskRunner runner = new TaskRunner(TASK, params, grads, OrtSessions.Settings.cpu(2));
             TfEventsWriter tb = TfEventsWriter.open(dir.resolve("tb"))) {
            TrainerTest.init(params);
            CompositeMetrics m = new CompositeMetrics(List.of(new SoftAccuracy()), "SoftAcc");
            List<String> log = new ArrayList<>();
            return new Trainer(s, runner, params, grads, new VaryingEpochs(failAfter), null, m, m,
                    new RunCheckpoints(dir, "tiny", Map.of(), null, x -> { }), tb, log::add).run();
        }
    }

    @Test
    void eachEpochRunsItsOwnCountAndStepsCountTheBatchesRun(@TempDir Path dir) {
        Trainer.Summary s = train(dir, -1);
        assertEquals(15, s.losses().size());
        assertEquals(15, s.state().globalStep());
        assertEquals(15, s.state().updates());
        // every 3 global steps except at an epoch's last batch: steps 3, 6 and 12 (epoch 2 starts at step 9)
        for (String name : List.of("tiny-0000-step3", "tiny-0001-step6", "tiny-0002-step12", "tiny-0000", "tiny-0001",
                "tiny-0002")) {
            assertTrue(Files.isDirectory(dir.resolve("checkpoints").resolve(name)), name);
        }
    }

    @Test
    void aRunKilledInTheShorterEpochResumesOnTheSameTrajectory(@TempDir Path a, @TempDir Path b) {
        Trainer.Summary full = train(a, -1);
        // crash at the 8th batch (epoch 1, batch 2): the newest checkpoint is tiny-0001-step6
        assertThrows(IllegalStateException.class, () -> train(b, 7));
        Trainer.Summary resumed = train(b, -1);
        assertEquals(15 - 6, resumed.losses().size());
        List<Float> tail = full.losses().subList(6, 15);
        for (int i = 0; i < tail.size(); i++) {
            assertEquals(tail.get(i), resumed.losses().get(i), 1e-6f, "step " + (6 + i));
        }
        assertEquals(15, resumed.state().globalStep());
    }
}
