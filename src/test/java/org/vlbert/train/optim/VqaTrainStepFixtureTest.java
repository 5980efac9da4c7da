package org.vlbert.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vlbert.testutil.SharedFixtures;
import org.vlbert.testutil.TestBuffers;
import org.vlbert.testutil.TestNpz;
import org.vlbert.train.schedule.LrScaling;
import org.vlbert.train.schedule.LrScheduler;
import org.vlbert.train.schedule.UpdateCounts;
import org.vlbert.train.schedule.WarmupLinearSchedule;

/**
 * Parity with the reference's two-iteration VQA train-step fixture, for what the npz files allow
 * without the initial checkpoint: the pre-clip global norm and clip coefficient of step 1, and the
 * lr of each update from the reference's LR scaling and triangle schedule.
 */
class VqaTrainStepFixtureTest {
    private static JsonNode manifest;
    private static Map<String, TestNpz.Array> grads;

    @BeforeAll
    static void load() throws IOException {
        Path dir = SharedFixtures.fixture("reference/vqa_trainstep");
        manifest = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
        grads = TestNpz.read(dir.resolve("grads_step1.npz"));
    }

    private static List<FloatBuffer> gradBuffers() {
        List<FloatBuffer> out = new ArrayList<>();
        for (TestNpz.Array a : grads.values()) {
            out.add(TestBuffers.direct(a.data()));
        }
        return out;
    }

    @Test
    void step1ClipNormAndCoefficientMatch() {
        JsonNode step1 = manifest.get("steps").get(0);
        double expectedNorm = step1.get("total_grad_norm_before_clip").asDouble();
        double expectedCoef = step1.get("clip_coef").asDouble();
        assertEquals(51, grads.size(), "every parameter of the tiny VQA model has a gradient");

        List<FloatBuffer> g = gradBuffers();
        GradClipper.Result r = new GradClipper(1.0).clip(g); // VQA CLIP_GRAD_NORM = 1.0
        assertEquals(expectedNorm, r.totalNorm(), 1e-4 * expectedNorm);
        assertEquals(expectedCoef, r.clipCoef(), 1e-4 * expectedCoef);
        assertTrue(r.clipped());
        // After clipping, the global norm is max_norm·total/(total+1e-6) ≈ 1.
        assertEquals(1.0, GradClipper.globalNorm(g, FloatBuffers.scratch()), 1e-5);
    }

    @Test
    void learningRatePerUpdateMatchesManifest() {
        // Overrides of the fixture: 1 GPU, BATCH_IMAGES 4, LR 2.5e-4, WARMUP_STEPS 2; END_EPOCH 5 with 100 batches/epoch.
        double baseLr = LrScaling.baseLr(0.00025, LrScaling.perStepBatch(1, new int[] {4}, 1));
        assertEquals(manifest.get("base_lr").asDouble(), baseLr, 1e-18);
        long total = UpdateCounts.totalUpdates(5, manifest.get("batches_per_epoch_assumed").asInt(), 1);
        ParamGroup group = new ParamGroup("default", baseLr, 0.01, List.of());
        LrScheduler scheduler = new LrScheduler(new WarmupLinearSchedule(2, total), List.of(group), 0);
        assertEquals(0.0, group.lr(), "constructing the scheduler sets lr = base_lr·λ(0) = 0");
        for (JsonNode step : manifest.get("steps")) {
            scheduler.beforeUpdate();
            assertEquals(step.get("lr").asDouble(), group.lr(), 0.0);
        }
    }
}
