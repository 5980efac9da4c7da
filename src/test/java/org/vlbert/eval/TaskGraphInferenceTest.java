package org.vlbert.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.config.ConfigLoader;
import org.vlbert.config.VlbertConfig;
import org.vlbert.eval.refcoco.RefcocoPrediction;
import org.vlbert.eval.refcoco.RefcocoRuns;
import org.vlbert.eval.vcr.VcrLeaderboard;
import org.vlbert.eval.vcr.VcrRuns;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.init.ParamInitializer;
import org.vlbert.graphs.model.Dropout;
import org.vlbert.graphs.model.TaskGraph;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.io.Safetensors;
import org.vlbert.runtime.OrtSessions;
import org.vlbert.tasks.EvalRow;
import org.vlbert.tasks.ModelFactory;
import org.vlbert.tasks.SpecialTokens;
import org.vlbert.testutil.RepoRoot;

/**
 * The VCR and RefCOCO+ test runners against the real inference graphs of the tiny demo configs
 * (random weights saved as a checkpoint, infer.onnx written and loaded by path), fed hand-made
 * batches in the collators' layout: the QA→R variants and the predicted boxes come out in the
 * shapes the leaderboard writers need.
 */
class TaskGraphInferenceTest {
    private static final SpecialTokens TOKENS = new SpecialTokens(101, 102, 103);
    private static final int FEATURES = 2048;

    private static InferenceModel model(String cfgFile, Path dir) throws Exception {
        VlbertConfig cfg = ConfigLoader.load(RepoRoot.cfgs().resolve(cfgFile), null, List.of());
        TaskGraph graph = ModelFactory.create(cfg, TOKENS);
        GraphBuilder b = new GraphBuilder();
        graph.build(b, Dropout.none(), true);
        Map<String, HostTensor> params = new ParamInitializer(7).initializeAll(b.graph().params().values());
        Path ckpt = dir.resolve("params.safetensors");
        Safetensors.write(ckpt, params, Map.of());
        return InferenceModel.open(graph, ckpt, dir.resolve("graph"), OrtSessions.Settings.cpu(2), "test", "");
    }

    private static float[] features(SplittableRandom r, int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) r.nextDouble();
        }
        return f;
    }

    @Test
    void vcrQaToRunsEachAnswerVariantThroughTheGraph(@TempDir Path dir) throws Exception {
        SplittableRandom r = new SplittableRandom(3);
        int b = 2;
        int n = 3;
        float[] boxes = new float[b * n * 6];
        for (int i = 0; i < b; i++) {
            float[][] rows = {{0, 0, 99, 79, 1, 0}, {10, 10, 40, 50, 0.9f, 1}, {50, 20, 90, 70, 0.8f, 3}};
            for (int k = 0; k < n; k++) {
                System.arraycopy(rows[k], 0, boxes, (i * n + k) * 6, 6);
            }
        }
        long[] question = new long[b * 4 * 4 * 3];   // [B, 4, Lq=4, 3]: question + answer k
        for (int i = 0; i < b; i++) {
            for (int k = 0; k < 4; k++) {
                long[] ids = {200 + i, 201, 300 + k, 301 + 10 * k};
                for (int t = 0; t < 4; t++) {
                    int at = ((i * 4 + k) * 4 + t) * 3;
                    question[at] = ids[t];
                    question[at + 1] = t == 1 ? 2 : 0;   // one token tagged with object 1
                    question[at + 2] = t;
                }
            }
        }
        long[] choices = new long[b * 4 * 2 * 3];     // [B, 4, La=2, 3]
        for (int i = 0; i < b * 4; i++) {
            choices[i * 6] = 400 + i % 4;
            choices[i * 6 + 3] = 410 + i % 4;
        }
        Map<String, HostTensor> batch = new LinkedHashMap<>();
        batch.put("boxes", HostTensor.ofFloats(new long[] {b, n, 6}, boxes));
        batch.put("box_features", HostTensor.ofFloats(new long[] {b, n, FEATURES}, features(r, b * n * FEATURES)));
        batch.put("question", HostTensor.ofLongs(new long[] {b, 4, 4, 3}, question));
        batch.put("answer_choices", HostTensor.ofLongs(new long[] {b, 4, 2, 3}, choices));
        batch.put("im_info", HostTensor.ofFloats(new long[] {b, 5}, 100, 80, 1, 1, 0, 100, 80, 1, 1, 1));
        try (InferenceModel m = model("vcr/demo_tiny.yaml", dir)) {
            List<VcrLeaderboard.Row> rows = VcrRuns.test(VcrLeaderboard.Kind.QA2R, new StubTaskData(List.of(batch),
                    List.of(EvalRow.of("test-0"), EvalRow.of("test-1"))), m, s -> { });
            assertEquals(2, rows.size());
            for (VcrLeaderboard.Row row : rows) {
                float[] p = row.probabilities();
                assertEquals(16, p.length);
                for (int k = 0; k < 4; k++) {
                    double sum = p[4 * k] + p[4 * k + 1] + p[4 * k + 2] + p[4 * k + 3];
                    assertEquals(1.0, sum, 1e-5, "answer " + k + " of " + row.annotId());
                }
            }
            String[] lines = VcrLeaderboard.rationaleCsv(rows).split("\n");
            assertEquals(17, lines[1].split(",").length);
        }
    }

    @Test
    void refcocoPredictsACandidateBoxInOriginalPixels(@TempDir Path dir) throws Exception {
        SplittableRandom r = new SplittableRandom(4);
        int b = 2;
        int n = 4;
        float[][] coords = {{0, 0, 99, 79}, {10, 10, 40, 50}, {50, 20, 90, 70}, {-2, -2, -2, -2}};
        float[] boxes = new float[b * n * (4 + FEATURES)];
        float[] f = features(r, b * n * FEATURES);
        for (int i = 0; i < b; i++) {
            for (int k = 0; k < n; k++) {
                int row = (i * n + k) * (4 + FEATURES);
                System.arraycopy(coords[k], 0, boxes, row, 4);
                for (int j = 0; j < FEATURES; j++) {
                    boxes[row + 4 + j] = k == 3 ? -2f : f[(i * n + k) * FEATURES + j];
                }
            }
        }
        Map<String, HostTensor> batch = new LinkedHashMap<>();
        batch.put("boxes", HostTensor.ofFloats(new long[] {b, n, 4 + FEATURES}, boxes));
        batch.put("im_info", HostTensor.ofFloats(new long[] {b, 4}, 100, 80, 0.5f, 0.5f, 100, 80, 0.5f, 0.5f));
        batch.put("expression", HostTensor.ofLongs(new long[] {b, 3}, 200, 201, 202, 210, 211, 0));
        List<EvalRow> rows = List.of(new EvalRow("5", new double[] {20, 20, 80, 100}),
                new EvalRow("6", new double[] {0, 0, 198, 158}));
        try (InferenceModel m = model("refcoco/demo_tiny.yaml", dir)) {
            List<RefcocoPrediction> p = RefcocoRuns.test(new StubTaskData(List.of(batch), rows), m, "test", s -> { });
            assertEquals(2, p.size());
            for (RefcocoPrediction pred : p) {
                boolean candidate = false;
                for (int k = 0; k < 3; k++) {
                    candidate |= pred.box()[0] == coords[k][0] * 2 && pred.box()[1] == coords[k][1] * 2
                            && pred.box()[2] == coords[k][2] * 2 && pred.box()[3] == coords[k][3] * 2;
                }
                assertTrue(candidate, "a real candidate, divided by the resize ratio: "
                        + java.util.Arrays.toString(pred.box()));
            }
        }
    }
}
