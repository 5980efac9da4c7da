package org.vlbert.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

/** FP16 mixed precision on the CPU (correctness only): gradients, loss curve, overflow handling. */
class MixedPrecisionTest {
    private static final CompiledTask FP32 = new TaskCompiler().withoutDropout().compile(SyntheticVqa.model(0f));
    private static final CompiledTask FP16 = new TaskCompiler().withoutDropout().mixedPrecision()
            .compile(SyntheticVqa.model(0f));

    @Test
    void scaledFp16GradientsMatchFp32() {
        Map<String, HostTensor> batch = new SyntheticVqa(1, 8, 3, -1).epoch(0, 0).next();
        float scale = 256f;
        try (TensorSlab p = new TensorSlab(FP32.paramShapes()); TensorSlab g32 = p.sameLayout();
             TensorSlab g16 = p.sameLayout();
             TaskRunner r32 = new TaskRunner(FP32, p, g32, OrtSessions.Settings.cpu(2));
             TaskRunner r16 = new TaskRunner(FP16, p, g16, OrtSessions.Settings.cpu(2))) {
            TrainerTest.init(p);
            float l32 = r32.trainStep(batch, 1, 0).loss();
            Map<String, HostTensor> scaled = new LinkedHashMap<>(batch);
            scaled.put(TaskCompiler.LOSS_SCALE, HostTensor.scalar(scale));
            float l16 = r16.trainStep(scaled, 1, 0).loss();
            assertEquals(l32, l16, 2e-2 * Math.abs(l32), "fp16 loss");
            double dot = 0;
            double n32 = 0;
            double n16 = 0;
            for (String name : FP32.paramShapes().keySet()) {
                var a = g32.floats(name);
                var b = g16.floats(name);
                for (int i = 0; i < a.capacity(); i++) {
                    double x = a.get(i);
                    double y = b.get(i) / scale;
                    dot += x * y;
                    n32 += x * x;
                    n16 += y * y;
                }
            }
            double cosine = dot / Math.sqrt(n32 * n16);
            assertTrue(cosine > 0.999, "cosine of fp16 and fp32 gradients: " + cosine);
            assertEquals(Math.sqrt(n32), Math.sqrt(n16), 0.02 * Math.sqrt(n32), "gradient norm");
        }
    }

    private static Trainer.Summary train(CompiledTask task, boolean fp16, String lossScale, Path dir, List<String> log) {
        TrainSettings s = new TrainSettings(0, 2, "AdamW", 1e-3 / 8, 0.9, 1e-4, "triangle", true, "linear", 0.1, 4,
                new double[0], 0.1, 1.0, 1, 8, 1, List.of(), fp16, lossScale, 1, 0, false, false, 100, 7, "mp");
        try (TensorSlab params = new TensorSlab(task.paramShapes()); TensorSlab grads = params.sameLayout();
             TaskRunner runner = new TaskRunner(task, params, grads, OrtSessions.Settings.cpu(2));
             TfEventsWriter tb = TfEventsWriter.open(dir.resolve("tb"))) {
            TrainerTest.init(params);
            CompositeMetrics m = new CompositeMetrics(List.of(new SoftAccuracy()), "SoftAcc");
            return new Trainer(s, runner, params, grads, new SyntheticVqa(8, 8, 11, -1), null, m, m,
                    new RunCheckpoints(dir, "mp", Map.of(), null, x -> { }), tb, log::add).run();
        }
    }

    @Test
    void fp16TrainingFollowsTheFp32LossCurve(@TempDir Path a, @TempDir Path b) {
        List<Float> fp32 = train(FP32, false, "dynamic", a, new ArrayList<>()).losses();
        List<Float> fp16 = train(FP16, true, "128", b, new ArrayList<>()).losses();
        assertEquals(fp32.size(), fp16.size());
        for (int i = 0; i < fp32.size(); i++) {
            assertEquals(fp32.get(i), fp16.get(i), 0.03 * Math.abs(fp32.get(i)), "step " + i + ": " + fp32 + " vs " + fp16);
        }
    }

    @Test
    void overflowIsSkippedAndTheScaleBacksOff(@TempDir Path dir) {
        // The dynamic scaler starts at 65536: scaled float16 gradients overflow (max 65504) until it backs off.
        List<String> log = new ArrayList<>();
        Trainer.Summary s = train(FP16, true, "dynamic", dir, log);
        List<String> overflows = log.stream().filter(l -> l.startsWith("gradient overflow")).toList();
        assertTrue(!overflows.isEmpty(), "expected skipped overflow steps: " + log);
        assertTrue(s.state().lossScale() < 65536, "scale backed off: " + s.state().lossScale());
        assertEquals(16 - overflows.size(), s.state().updates(), "skipped steps do not update: " + overflows);
        Float last = s.losses().get(s.losses().size() - 1);
        assertTrue(Float.isFinite(last) && last < s.losses().get(0), "training continues: " + s.losses());
    }
}
