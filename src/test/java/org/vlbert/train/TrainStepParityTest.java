package org.vlbert.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vlbert.graphs.compile.CompiledTask;
import org.vlbert.graphs.compile.TaskCompiler;
import org.vlbert.graphs.model.vlbert.VlBertDims;
import org.vlbert.graphs.model.vlbert.VqaModel;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.io.NpyFiles;
import org.vlbert.io.StateDictImporter;
import org.vlbert.io.TorchCheckpointReader;
import org.vlbert.runtime.OrtSessions;
import org.vlbert.runtime.TaskRunner;
import org.vlbert.runtime.TensorSlab;
import org.vlbert.testutil.SharedFixtures;
import org.vlbert.train.optim.GradClipper;

/**
 * Two reference AdamW training iterations (fixtures/reference/vqa_trainstep) through the engine:
 * forward+backward in ORT, LR schedule, clipping and the reference AdamW. Tolerance 1e-4 + 1e-4|ref|.
 */
class TrainStepParityTest {
    private static final double ATOL = 1e-4;
    private static final double RTOL = 1e-4;

    @Test
    void twoAdamWStepsMatchTheReference() throws Exception {
        Path fx = SharedFixtures.reference("vqa_trainstep");
        Path vqa = SharedFixtures.reference("vqa");
        // Dims of fixtures/reference/vqa_trainstep/config.yaml (all dropout 0, see its manifest).
        VlBertDims d = new VlBertDims(512, 32, 32, 2, 2, 64, 0f, 0f, 512, 3, 0.02, true, 0, 0, false, -1,
                101, 102, 103);
        CompiledTask task = new TaskCompiler().withoutDropout()
                .compile(new VqaModel(d, 32, 96, VqaModel.Classifier.MLM, 0f, 1024));
        TrainSettings s = new TrainSettings(0, 5, "AdamW", 0.00025, 0.9, 0.01, "triangle", true, "linear", 0.0, 2,
                new double[0], 0.1, 1.0, 1, 4, 1, List.of(), false, "dynamic", 1, 0, false, false, 100, 12345, "p");
        Map<String, HostTensor> p0 = StateDictImporter.stripPrefix(
                TorchCheckpointReader.readStateDict(vqa.resolve("perturbed/ckpt_ddp.model")), "module.");
        Map<String, HostTensor> batch = new LinkedHashMap<>();
        for (String n : List.of("boxes", "im_info", "question", "label")) {
            batch.put(n, NpyFiles.readNpy(vqa.resolve("inputs/" + n + ".npy")));
        }
        try (TensorSlab params = new TensorSlab(task.paramShapes()); TensorSlab grads = params.sameLayout();
             TaskRunner runner = new TaskRunner(task, params, grads, OrtSessions.Settings.cpu(2))) {
            params.copyFromHost(p0);
            Set<String> trainable = new HashSet<>(task.paramShapes().keySet());
            ParameterUpdater updater = new ParameterUpdater(s, params, grads, trainable, 100);

            TaskRunner.StepOutput step1 = runner.trainStep(batch, 0, 0);
            assertClose("loss_step1", NpyFiles.readNpy(fx.resolve("loss_step1.npy")), step1.outputs().get("loss"));
            assertClose("logits_step1", NpyFiles.readNpy(fx.resolve("logits_step1.npy")),
                    step1.outputs().get("label_logits"));
            Map<String, HostTensor> g1 = NpyFiles.readNpz(fx.resolve("grads_step1.npz"));
            for (String p : task.paramShapes().keySet()) {
                assertClose("grad " + p, g1.get(p), grads.view(p));
            }
            GradClipper.Result c1 = updater.update();
            assertEquals(255.0850830078125, c1.totalNorm(), 255.0850830078125 * 1e-5);
            assertEquals(5e-4, updater.currentLr(), 1e-12);
            Map<String, HostTensor> after1 = NpyFiles.readNpz(fx.resolve("params_after_step1.npz"));
            for (String p : task.paramShapes().keySet()) {
                assertClose("param after step 1 " + p, after1.get(p), params.view(p));
            }

            TaskRunner.StepOutput step2 = runner.trainStep(batch, 0, 1);
            assertClose("loss_step2", NpyFiles.readNpy(fx.resolve("loss_step2.npy")), step2.outputs().get("loss"));
            assertClose("logits_step2", NpyFiles.readNpy(fx.resolve("logits_step2.npy")),
                    step2.outputs().get("label_logits"));
            GradClipper.Result c2 = updater.update();
            assertEquals(148.87725830078125, c2.totalNorm(), 148.87725830078125 * 1e-5);
            assertEquals(1e-3, updater.currentLr(), 1e-12);
            Map<String, HostTensor> after2 = NpyFiles.readNpz(fx.resolve("params_after_step2.npz"));
            for (String p : task.paramShapes().keySet()) {
                assertClose("param after step 2 " + p, after2.get(p), params.view(p));
            }
        }
    }

    static void assertClose(String what, HostTensor expected, HostTensor actual) {
        float[] e = expected.toFloatArrayConverted();
        float[] a = actual.toFloatArrayConverted();
        assertEquals(e.length, a.length, what + ": element count");
        for (int i = 0; i < e.length; i++) {
            double tol = ATOL + RTOL * Math.abs(e[i]);
            int idx = i;
            assertTrue(Math.abs(e[i] - a[i]) <= tol, () -> what + "[" + idx + "]: expected " + e[idx] + ", got "
                    + a[idx]);
        }
    }
}
