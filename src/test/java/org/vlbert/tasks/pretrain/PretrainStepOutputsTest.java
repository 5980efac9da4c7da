package org.vlbert.tasks.pretrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.config.ConfigLoader;
import org.vlbert.config.Task;
import org.vlbert.config.VlbertConfig;
import org.vlbert.data.demo.DemoData;
import org.vlbert.graphs.compile.CompiledTask;
import org.vlbert.graphs.compile.TaskCompiler;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.runtime.OrtSessions;
import org.vlbert.runtime.TaskRunner;
import org.vlbert.runtime.TensorSlab;
import org.vlbert.tasks.ModelFactory;
import org.vlbert.tasks.ModelInitializer;
import org.vlbert.tasks.TaskData;
import org.vlbert.tasks.TaskDataFactory;
import org.vlbert.tasks.metrics.CompositeMetrics;
import org.vlbert.tasks.metrics.EvalMetric;
import org.vlbert.testutil.RepoRoot;
import org.vlbert.train.TaskMetrics;

/**
 * The pretraining step on the demo config and demo data: the metrics read the graph's arg-max
 * predictions, give exactly what the arg-max of the logits gives on the same step, and the
 * training step fetches only what the metrics need (no vocabulary-sized logits).
 */
class PretrainStepOutputsTest {
    /** SGD steps on one batch before the compared step (enough for most masked words to be right). */
    private static final int STEPS = 80;

    @TempDir
    static Path data;

    @BeforeAll
    static void generate() {
        DemoData.generate(data, new DemoData.Settings(30, 48, 48, 3, 2048, 5), EnumSet.of(DemoData.Task.PRETRAIN));
    }

    private static VlbertConfig config() {
        String d = data.toString();
        return ConfigLoader.load(RepoRoot.cfgs().resolve("pretrain").resolve("demo_tiny.yaml"), Task.PRETRAIN,
                List.of("DATASET.0.DATASET_PATH=" + d, "DATASET.0.ROOT_PATH=" + d, "NETWORK.BERT_MODEL_NAME=" + d,
                        "DATASET.1.TRAIN_ANNOTATION_FILE=" + data.resolve("corpus_train.arrow"),
                        "DATASET.1.VAL_ANNOTATION_FILE=" + data.resolve("corpus_val.arrow")));
    }

    @Test
    void metricsFromPredictionsEqualMetricsFromLogitsAndTheStepFetchesNoLogits() {
        VlbertConfig cfg = config();
        CompiledTask task = new TaskCompiler().compile(ModelFactory.create(cfg));
        try (TaskData taskData = TaskDataFactory.open(cfg);
             TensorSlab params = new TensorSlab(task.paramShapes()); TensorSlab grads = params.sameLayout();
             TaskRunner runner = new TaskRunner(task, params, grads, OrtSessions.Settings.cpu(1))) {
            params.copyFromHost(ModelInitializer.initialize(cfg, task.params(), 7, line -> { }));
            Map<String, HostTensor> batch = taskData.train(0, 1, 7).epoch(0, 0).next();
            // Fit the batch with plain SGD so that some masked words are predicted right.
            for (int step = 0; step < STEPS; step++) {
                runner.trainStep(batch, 7, step, Set.of());
                sgd(params, grads, 0.05f);
            }
            TaskMetrics metrics = taskData.trainMetrics();
            assertEquals(Set.of("mlm_pred_wvc", "mlm_pred_aux", "mvrc_pred", "mlm_loss_wvc", "mlm_loss_aux",
                    "mvrc_loss"), metrics.outputs());

            TaskRunner.StepOutput fetched = runner.trainStep(batch, 7, STEPS, metrics.outputs());
            Set<String> expectedNames = new java.util.LinkedHashSet<>(metrics.outputs());
            expectedNames.add("loss");
            assertEquals(expectedNames, fetched.outputs().keySet());
            long fetchedBytes = bytes(fetched.outputs());
            long textLen = Math.max(batch.get("text").dim(1), batch.get("aux_text").dim(1));
            long predictionBytes = 8 * ((batch.get("text").dim(0) + batch.get("aux_text").dim(0)) * textLen
                    + batch.get("mvrc_ops").numel());
            assertEquals(predictionBytes + 4 * 4, fetchedBytes, "int64 predictions and four float scalars");

            // The same step fetching everything: the outputs left out are the logits (and the
            // relationship loss, a constant 0 without the relationship task).
            TaskRunner.StepOutput all = runner.trainStep(batch, 7, STEPS);
            Set<String> leftOut = new java.util.HashSet<>(all.outputs().keySet());
            leftOut.removeAll(fetched.outputs().keySet());
            assertEquals(Set.of("mlm_logits_wvc", "mlm_logits_aux", "mvrc_logits", "relationship_loss"), leftOut);
            assertArrayEquals(new long[] {batch.get("text").dim(0), textLen, cfg.vlbert().vocabSize()},
                    all.outputs().get("mlm_logits_wvc").shape());
            assertEquals(fetched.loss(), all.loss(), "same step, same dropout masks");
            for (String name : metrics.outputs()) {
                assertArrayEquals(all.outputs().get(name).toFloatArrayConverted(),
                        fetched.outputs().get(name).toFloatArrayConverted(), name);
            }

            metrics.update(batch, fetched.outputs());
            Map<String, double[]> fromPredictions = raw(metrics);
            Map<String, double[]> fromLogits = Map.of(
                    "MLMAccWVC", mlmFromLogits(all.outputs().get("mlm_logits_wvc"), batch.get("mlm_labels")),
                    "MLMAccAUX", mlmFromLogits(all.outputs().get("mlm_logits_aux"), batch.get("aux_mlm_labels")),
                    "MVRCAccuracy", mvrcFromLogits(all.outputs().get("mvrc_logits"), batch.get("mvrc_labels")));
            for (Map.Entry<String, double[]> e : fromLogits.entrySet()) {
                assertArrayEquals(e.getValue(), fromPredictions.get(e.getKey()), e.getKey());
            }
            double wvc = fromPredictions.get("MLMAccWVC")[0];
            double aux = fromPredictions.get("MLMAccAUX")[0];
            assertTrue(wvc > 0 && aux > 0 && fromPredictions.get("MLMAccWVC")[1] > wvc,
                    "some but not all masked words right, so the comparison means something: wvc " + wvc + ", aux "
                            + aux + " of " + fromPredictions.get("MLMAccWVC")[1]);
            assertTrue(fromPredictions.get("MVRCAccuracy")[1] > 0, "some MVRC rows are scored");
        }
    }

    private static void sgd(TensorSlab params, TensorSlab grads, float lr) {
        for (int c = 0; c < params.chunkCount(); c++) {
            FloatBuffer p = params.chunk(c);
            FloatBuffer g = grads.chunk(c);
            for (int i = 0; i < p.capacity(); i++) {
                p.put(i, p.get(i) - lr * g.get(i));
            }
        }
    }

    private static long bytes(Map<String, HostTensor> outputs) {
        return outputs.values().stream().mapToLong(t -> t.buffer().capacity()).sum();
    }

    private static Map<String, double[]> raw(TaskMetrics metrics) {
        Map<String, double[]> m = new LinkedHashMap<>();
        for (EvalMetric e : ((CompositeMetrics) metrics).metrics()) {
            m.put(e.name(), e.raw());
        }
        return m;
    }

    /** The index of the first maximum, as the metrics took it from logits before predictions existed. */
    private static int firstArgmax(FloatBuffer v, int at, int n) {
        int best = 0;
        for (int j = 1; j < n; j++) {
            if (v.get(at + j) > v.get(at + best)) {
                best = j;
            }
        }
        return best;
    }

    /** (correct, labelled) over labels != -1 of [B, L] against logits [B, Lm, V], Lm ≥ L. */
    private static double[] mlmFromLogits(HostTensor logits, HostTensor labels) {
        int b = (int) labels.dim(0);
        int l = (int) labels.dim(1);
        int lm = (int) logits.dim(1);
        int v = (int) logits.dim(2);
        FloatBuffer z = logits.floatView();
        LongBuffer y = labels.longView();
        double correct = 0;
        double count = 0;
        for (int i = 0; i < b; i++) {
            for (int t = 0; t < Math.min(l, lm); t++) {
                long label = y.get(i * l + t);
                if (label != -1) {
                    correct += firstArgmax(z, (i * lm + t) * v, v) == label ? 1 : 0;
                    count++;
                }
            }
        }
        return new double[] {correct, count};
    }

    /** (correct, valid) over rows whose soft label sums to 1 ± 0.1. */
    private static double[] mvrcFromLogits(HostTensor logits, HostTensor labels) {
        int rows = (int) (labels.dim(0) * labels.dim(1));
        int c = (int) labels.dim(2);
        FloatBuffer z = logits.floatView();
        FloatBuffer y = labels.floatView();
        double correct = 0;
        double count = 0;
        for (int r = 0; r < rows; r++) {
            double mass = 0;
            for (int j = 0; j < c; j++) {
                mass += y.get(r * c + j);
            }
            if (Math.abs(mass - 1.0) < 0.1) {
                correct += firstArgmax(z, r * c, c) == firstArgmax(y, r * c, c) ? 1 : 0;
                count++;
            }
        }
        return new double[] {correct, count};
    }
}
