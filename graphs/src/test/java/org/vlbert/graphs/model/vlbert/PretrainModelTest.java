package org.vlbert.graphs.model.vlbert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.autodiff.Autodiff;
import org.vlbert.graphs.ir.Dim;
import org.vlbert.graphs.ir.Param;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.model.Dropout;
import org.vlbert.graphs.model.TaskGraph;
import org.vlbert.graphs.model.vlbert.PretrainLosses.Normalization;
import org.vlbert.graphs.onnx.OnnxEmitter;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.graphs.testutil.GradCheck;
import org.vlbert.graphs.testutil.OrtRunner;

/**
 * The pretraining training graph with tiny dims: dropout masks as inputs, autodiff over every
 * trainable parameter, run in ORT, shapes/finiteness, and a finite-difference check of the loss
 * gradient for parameters on each task's path (incl. the tied word table).
 */
class PretrainModelTest {
    private static final long VOCAB = 24;
    private static final long HIDDEN = 8;
    private static final long CLASSES = 5;
    static final VlBertDims DIMS = new VlBertDims(VOCAB, HIDDEN, HIDDEN, 1, 2, 16, 0.1f, 0.1f, 32, 3, 0.02,
            true, 0, 0, false, -1, 1, 2, 3);
    /** Real text tokens + real objects + [END], maximised over the joint batch below. */
    private static final long PACKED_LEN = 9;

    @Test
    void trainGraphRunsAndItsGradientMatchesFiniteDifferences() {
        PretrainModel model = new PretrainModel(DIMS, HIDDEN, CLASSES, false, true,
                Normalization.MEAN_OVER_TARGETS, Normalization.MEAN_OVER_TARGETS);
        GraphBuilder b = new GraphBuilder();
        Dropout dropout = Dropout.masks();
        TaskGraph.Result r = model.build(b, dropout, true);
        List<Value> params = new ArrayList<>();
        for (Param p : b.graph().params().values()) {
            assertTrue(p.trainable(), p.name());
            params.add(p.value());
        }
        Autodiff.Result grads = new Autodiff(b).gradients(r.loss(), params);
        assertEquals(List.of(), grads.unused(), "every parameter must reach the loss");
        r.outputs().forEach(b::output);
        r.lossTerms().forEach(b::output);
        b.output("loss", r.loss());
        for (Value p : params) {
            b.output("grad." + p.name(), grads.gradients().get(p));
        }

        Map<String, HostTensor> feeds = batch();
        feeds.putAll(dropoutMasks(dropout));
        long seed = 11;
        for (Param p : b.graph().params().values()) {
            feeds.put(p.name(), GradCheck.random(p.shape(), seed++, 0.3f));
        }
        try (OrtRunner ort = new OrtRunner(new OnnxEmitter(b.graph()).emit(), 1)) {
            Map<String, HostTensor> out = ort.run(feeds);
            assertArrayEquals(new long[] {2, 6, VOCAB}, out.get("mlm_logits_wvc").shape());
            assertArrayEquals(new long[] {3, 6, VOCAB}, out.get("mlm_logits_aux").shape());
            assertArrayEquals(new long[] {2, 4, CLASSES}, out.get("mvrc_logits").shape());
            float[] mvrc = out.get("mvrc_logits").toFloatArray();
            for (int s = 0; s < 2; s++) {
                for (int c = 0; c < CLASSES; c++) {
                    // Box slot 3 is padding in every sample: the reference pads it back with -10000.
                    assertEquals(-10000f, mvrc[(int) ((s * 4 + 3) * CLASSES + c)]);
                    assertTrue(mvrc[(int) ((s * 4 + 2) * CLASSES + c)] > -100f);
                }
            }
            assertPredictionsAreFirstArgmax(out, "mlm_logits_wvc", "mlm_pred_wvc", new long[] {2, 6});
            assertPredictionsAreFirstArgmax(out, "mlm_logits_aux", "mlm_pred_aux", new long[] {3, 6});
            assertPredictionsAreFirstArgmax(out, "mvrc_logits", "mvrc_pred", new long[] {2, 4});
            float loss = scalar(out, "loss");
            float terms = scalar(out, "relationship_loss") + scalar(out, "mlm_loss_wvc") + scalar(out, "mlm_loss_aux")
                    + scalar(out, "mvrc_loss");
            assertEquals(0f, scalar(out, "relationship_loss"));
            assertEquals(terms, loss, 1e-5f);
            assertTrue(Float.isFinite(loss) && loss > 0f, "loss " + loss);
            for (Value p : params) {
                for (float g : out.get("grad." + p.name()).toFloatArray()) {
                    assertTrue(Float.isFinite(g), "gradient of " + p.name());
                }
            }
            checkFiniteDifferences(ort, feeds, out, List.of(
                    "vlbert.word_embeddings.weight",
                    "object_mask_visual_embedding.weight",
                    "object_mask_word_embedding.weight",
                    "aux_text_visual_embedding.weight",
                    "vlbert.visual_ln_object.weight",
                    "vlbert.mlm_head.predictions.bias",
                    "vlbert.mvrc_head.region_cls_pred.weight"));
        }
    }

    @Test
    void createsOneParameterPerReferenceKeyInStateDictOrder() {
        GraphBuilder b = new GraphBuilder();
        new PretrainModel(DIMS, HIDDEN, CLASSES, false, true, Normalization.MEAN_OVER_TARGETS,
                Normalization.MEAN_OVER_TARGETS).build(b, Dropout.none(), true);
        List<String> layer = List.of("attention.self.query.weight", "attention.self.query.bias",
                "attention.self.key.weight", "attention.self.key.bias", "attention.self.value.weight",
                "attention.self.value.bias", "attention.output.dense.weight", "attention.output.dense.bias",
                "attention.output.LayerNorm.weight", "attention.output.LayerNorm.bias", "intermediate.dense.weight",
                "intermediate.dense.bias", "output.dense.weight", "output.dense.bias", "output.LayerNorm.weight",
                "output.LayerNorm.bias");
        List<String> expected = new ArrayList<>(List.of("image_feature_extractor.obj_downsample.1.weight",
                "image_feature_extractor.obj_downsample.1.bias", "object_linguistic_embeddings.weight",
                "object_mask_visual_embedding.weight", "object_mask_word_embedding.weight",
                "aux_text_visual_embedding.weight", "vlbert.word_embeddings.weight", "vlbert.end_embedding.weight",
                "vlbert.position_embeddings.weight", "vlbert.token_type_embeddings.weight",
                "vlbert.embedding_LayerNorm.weight", "vlbert.embedding_LayerNorm.bias", "vlbert.visual_ln_text.weight",
                "vlbert.visual_ln_text.bias", "vlbert.visual_ln_object.weight", "vlbert.visual_ln_object.bias"));
        layer.forEach(k -> expected.add("vlbert.encoder.layer.0." + k));
        // No decoder.weight: the MLM decoder is the word embedding table itself.
        expected.addAll(List.of("vlbert.mlm_head.predictions.bias",
                "vlbert.mlm_head.predictions.transform.dense.weight", "vlbert.mlm_head.predictions.transform.dense.bias",
                "vlbert.mlm_head.predictions.transform.LayerNorm.weight",
                "vlbert.mlm_head.predictions.transform.LayerNorm.bias", "vlbert.mvrc_head.transform.dense.weight",
                "vlbert.mvrc_head.transform.dense.bias", "vlbert.mvrc_head.region_cls_pred.weight",
                "vlbert.mvrc_head.region_cls_pred.bias"));
        assertEquals(expected, new ArrayList<>(b.graph().params().keySet()));
        assertArrayEquals(new long[] {1, RegionFeatures.FEATURE_DIM},
                b.graph().param("object_mask_visual_embedding.weight").shape());
    }

    @Test
    void optionalTasksChangeParametersAndOutputs() {
        VlBertDims withPooler = new VlBertDims(VOCAB, HIDDEN, HIDDEN, 1, 2, 16, 0f, 0f, 32, 3, 0.02, true, 0, 0, true,
                -1, 1, 2, 3);
        GraphBuilder rel = new GraphBuilder();
        TaskGraph.Result r = new PretrainModel(withPooler, HIDDEN, CLASSES, true, false, Normalization.BATCH_FIRST,
                Normalization.BATCH_FIRST).build(rel, Dropout.none(), true);
        Set<String> names = rel.graph().params().keySet();
        assertTrue(names.contains("vlbert.relationsip_head.caption_image_relationship.weight"));
        assertFalse(names.contains("object_mask_word_embedding.weight"));
        assertFalse(names.stream().anyMatch(n -> n.startsWith("vlbert.mvrc_head")));
        assertEquals(Set.of("mlm_logits_wvc", "mlm_logits_aux", "mlm_pred_wvc", "mlm_pred_aux", "relationship_logits"),
                r.outputs().keySet());

        List<Value> params = rel.graph().params().values().stream().map(Param::value).toList();
        var grads = new Autodiff(rel).gradients(r.loss(), params);
        r.lossTerms().forEach(rel::output);
        rel.output("loss", r.loss());
        Value relWeight = rel.graph().param("vlbert.relationsip_head.caption_image_relationship.weight").value();
        rel.output("grad.rel", grads.gradients().get(relWeight));
        Map<String, HostTensor> feeds = batch();
        feeds.put("relationship_label", HostTensor.ofLongs(new long[] {2}, 1, 0));
        long seed = 5;
        for (Param p : rel.graph().params().values()) {
            feeds.put(p.name(), GradCheck.random(p.shape(), seed++, 0.3f));
        }
        try (OrtRunner ort = new OrtRunner(new OnnxEmitter(rel.graph()).emit(), 1)) {
            Map<String, HostTensor> out = ort.run(feeds);
            assertEquals(0f, scalar(out, "mvrc_loss"));
            float relLoss = scalar(out, "relationship_loss");
            assertTrue(relLoss > 0f && Float.isFinite(relLoss), "relationship loss " + relLoss);
            assertTrue(Float.isFinite(scalar(out, "loss")));
            float gradNorm = 0f;
            for (float g : out.get("grad.rel").toFloatArray()) {
                gradNorm += g * g;
            }
            assertTrue(gradNorm > 0f && Float.isFinite(gradNorm), "relationship head gradient " + gradNorm);
        }
    }

    @Test
    void captionOnlyModuleGivesTheMultitaskCaptionLossesWithoutCorpusRows() {
        PretrainModel multitask = new PretrainModel(DIMS, HIDDEN, CLASSES, false, true,
                Normalization.MEAN_OVER_TARGETS, Normalization.MEAN_OVER_TARGETS);
        PretrainModel captions = multitask.captionsOnly();
        assertEquals(PretrainModel.Module.CAPTIONS_ONLY, captions.module());
        GraphBuilder mb = new GraphBuilder();
        TaskGraph.Result mr = multitask.build(mb, Dropout.none(), true);
        GraphBuilder cb = new GraphBuilder();
        TaskGraph.Result cr = captions.build(cb, Dropout.none(), true);

        List<String> expectedParams = new ArrayList<>(mb.graph().params().keySet());
        expectedParams.remove("aux_text_visual_embedding.weight");
        assertEquals(expectedParams, new ArrayList<>(cb.graph().params().keySet()));
        assertEquals(List.of("boxes", "im_info", "text", "mlm_labels", "mvrc_ops", "mvrc_labels"),
                cb.graph().inputs().stream().map(Value::name).toList());
        assertEquals(Set.of("mlm_logits", "mlm_pred", "mvrc_logits", "mvrc_pred"), cr.outputs().keySet());
        assertEquals(List.of("relationship_loss", "mlm_loss", "mvrc_loss"), new ArrayList<>(cr.lossTerms().keySet()));

        mr.outputs().forEach(mb::output);
        mr.lossTerms().forEach(mb::output);
        cr.outputs().forEach(cb::output);
        cr.lossTerms().forEach(cb::output);
        cb.output("loss", cr.loss());
        Map<String, HostTensor> feeds = batch();
        long seed = 21;
        for (Param p : mb.graph().params().values()) {
            feeds.put(p.name(), GradCheck.random(p.shape(), seed++, 0.3f));
        }
        Map<String, HostTensor> captionFeeds = new LinkedHashMap<>(feeds);
        captionFeeds.keySet().removeAll(Set.of("aux_text", "aux_mlm_labels", "aux_text_visual_embedding.weight"));
        try (OrtRunner m = new OrtRunner(new OnnxEmitter(mb.graph()).emit(), 1);
             OrtRunner c = new OrtRunner(new OnnxEmitter(cb.graph()).emit(), 1)) {
            Map<String, HostTensor> mo = m.run(feeds);
            Map<String, HostTensor> co = c.run(captionFeeds);
            // Caption rows do not see the corpus rows: same logits on the caption's Lc = 5 slots.
            assertArrayEquals(new long[] {2, 5, VOCAB}, co.get("mlm_logits").shape());
            float[] wvc = mo.get("mlm_logits_wvc").toFloatArray();
            float[] only = co.get("mlm_logits").toFloatArray();
            for (int s = 0; s < 2; s++) {
                for (int t = 0; t < 5; t++) {
                    for (int v = 0; v < VOCAB; v++) {
                        assertEquals(wvc[(int) ((s * 6 + t) * VOCAB + v)], only[(int) ((s * 5 + t) * VOCAB + v)], 1e-4f);
                    }
                }
            }
            assertPredictionsAreFirstArgmax(co, "mlm_logits", "mlm_pred", new long[] {2, 5});
            assertEquals(scalar(mo, "mlm_loss_wvc"), scalar(co, "mlm_loss"), 1e-5f);
            assertEquals(scalar(mo, "mvrc_loss"), scalar(co, "mvrc_loss"), 1e-5f);
            assertEquals(scalar(co, "mlm_loss") + scalar(co, "mvrc_loss"), scalar(co, "loss"), 1e-5f);
        }
    }

    @Test
    void predictionsTakeTheFirstMaximumOnTies() {
        GraphBuilder b = new GraphBuilder();
        Value logits = b.input("logits", DType.FLOAT, "batch", "len", 4);
        b.output("pred", PretrainHeads.predictions(b, logits));
        // rows: a tie between 1 and 3, all equal (the padded -10000 rows), a single maximum at 3
        HostTensor in = HostTensor.ofFloats(new long[] {1, 3, 4}, 0, 2, 1, 2, -1e4f, -1e4f, -1e4f, -1e4f, 0, 0, 0, 5);
        try (OrtRunner ort = new OrtRunner(new OnnxEmitter(b.graph()).emit(), 1)) {
            HostTensor pred = ort.run(Map.of("logits", in)).get("pred");
            assertEquals(DType.INT64, pred.dtype());
            assertArrayEquals(new long[] {1, 3}, pred.shape());
            assertArrayEquals(new long[] {1, 0, 3}, pred.toLongArray());
        }
    }

    @Test
    void rejectsInconsistentConfig() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new PretrainModel(DIMS, HIDDEN, CLASSES, true, true, Normalization.MEAN_OVER_TARGETS,
                        Normalization.MEAN_OVER_TARGETS));
        assertTrue(e.getMessage().contains("with_pooler"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new PretrainModel(DIMS, 16, CLASSES, false, true, Normalization.MEAN_OVER_TARGETS,
                        Normalization.MEAN_OVER_TARGETS));
        assertTrue(e.getMessage().contains("IMAGE_FINAL_DIM"), e.getMessage());
    }

    /**
     * Compares analytic gradients with central differences of the loss: for a few single
     * elements, and along the gradient direction (whose derivative is |g|; it also checks wide
     * parameters whose per-element gradients are below float resolution).
     */
    private static void checkFiniteDifferences(OrtRunner ort, Map<String, HostTensor> feeds,
                                               Map<String, HostTensor> analytic, List<String> names) {
        Random pick = new Random(3);
        List<String> failures = new ArrayList<>();
        for (String name : names) {
            HostTensor base = feeds.get(name);
            float[] g = analytic.get("grad." + name).toFloatArray();
            for (int k = 0; k < 2; k++) {
                int idx = pick.nextInt((int) base.numel());
                float[] unit = new float[g.length];
                unit[idx] = 1f;
                compare(ort, feeds, name, unit, 1e-2, 1e-3, g[idx], name + "[" + idx + "]", failures);
            }
            double norm = 0;
            for (float v : g) {
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            float[] direction = new float[g.length];
            for (int i = 0; i < g.length; i++) {
                direction[i] = (float) (g[i] / norm);
            }
            compare(ort, feeds, name, direction, 5e-2, 1e-4, norm, name + " along its gradient", failures);
        }
        assertEquals(List.of(), failures);
    }

    private static void compare(OrtRunner ort, Map<String, HostTensor> feeds, String name, float[] direction,
                                double eps, double atol, double expected, String what, List<String> failures) {
        double numeric = (lossWith(ort, feeds, name, direction, eps) - lossWith(ort, feeds, name, direction, -eps))
                / (2 * eps);
        if (Math.abs(numeric - expected) > atol + 2e-2 * Math.abs(numeric)) {
            failures.add(String.format("d loss/d %s: analytic %.6g, numeric %.6g", what, expected, numeric));
        }
    }

    private static double lossWith(OrtRunner ort, Map<String, HostTensor> feeds, String name, float[] direction,
                                   double step) {
        HostTensor base = feeds.get(name);
        HostTensor t = base.copy();
        for (int i = 0; i < direction.length; i++) {
            t.floatView().put(i, (float) (base.floatView().get(i) + step * direction[i]));
        }
        Map<String, HostTensor> f = new LinkedHashMap<>(feeds);
        f.put(name, t);
        return ort.run(f, Set.of("loss")).get("loss").toFloatArray()[0];
    }

    /** {@code pred} has the given shape and is, row by row, the index of the first maximum of {@code logits}. */
    private static void assertPredictionsAreFirstArgmax(Map<String, HostTensor> out, String logits, String pred,
                                                        long[] shape) {
        HostTensor p = out.get(pred);
        assertArrayEquals(shape, p.shape(), pred);
        long[] got = p.toLongArray();
        float[] z = out.get(logits).toFloatArray();
        int n = z.length / got.length;
        for (int row = 0; row < got.length; row++) {
            int best = 0;
            for (int j = 1; j < n; j++) {
                if (z[row * n + j] > z[row * n + best]) {
                    best = j;
                }
            }
            assertEquals(best, got[row], pred + " row " + row);
        }
    }

    private static float scalar(Map<String, HostTensor> out, String name) {
        return out.get(name).toFloatArray()[0];
    }

    /**
     * Two captions (5 and 4 tokens, 3 and 2 real boxes of 4 slots) and three corpus rows of 6
     * slots (6, 6 and 5 tokens): Lm = 6, No = 3, packed length 9.
     */
    static Map<String, HostTensor> batch() {
        Map<String, HostTensor> f = new LinkedHashMap<>();
        float[][] coords = {{0, 0, 99, 79}, {10, 20, 50, 60}, {30, 5, 70, 40}};
        int[] realBoxes = {3, 2};
        HostTensor boxes = HostTensor.allocate(DType.FLOAT, 2, 4, 4 + RegionFeatures.FEATURE_DIM);
        Random rnd = new Random(1);
        var bv = boxes.floatView();
        int row = 4 + (int) RegionFeatures.FEATURE_DIM;
        for (int s = 0; s < 2; s++) {
            for (int k = 0; k < 4; k++) {
                int at = (s * 4 + k) * row;
                for (int c = 0; c < row; c++) {
                    boolean real = k < realBoxes[s];
                    bv.put(at + c, !real ? -2f : c < 4 ? coords[k][c] : rnd.nextFloat());
                }
            }
        }
        f.put("boxes", boxes);
        f.put("im_info", HostTensor.ofFloats(new long[] {2, 5}, 100, 80, 1, 1, 0, 120, 90, 1, 1, 1));
        f.put("text", HostTensor.ofLongs(new long[] {2, 5}, 1, 5, 3, 7, 2, 1, 9, 3, 2, 0));
        f.put("mlm_labels", HostTensor.ofLongs(new long[] {2, 5}, -1, -1, 6, -1, -1, -1, -1, 11, -1, -1));
        f.put("mvrc_ops", HostTensor.ofLongs(new long[] {2, 4}, 0, 1, 0, 0, 0, 1, 0, 0));
        float[] labels = new float[2 * 4 * (int) CLASSES];
        float[][] rows = {{0.1f, 0.6f, 0.2f, 0.1f, 0f}, {0f, 0f, 1f, 0f, 0f}, {0.5f, 0.5f, 0f, 0f, 0f}};
        int[][] at = {{0, 1}, {0, 2}, {1, 1}};                   // (sample, box) of each soft label
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, labels, (at[i][0] * 4 + at[i][1]) * (int) CLASSES, (int) CLASSES);
        }
        f.put("mvrc_labels", HostTensor.ofFloats(new long[] {2, 4, CLASSES}, labels));
        f.put("aux_text", HostTensor.ofLongs(new long[] {3, 6},
                4, 3, 8, 9, 10, 11, 12, 13, 3, 15, 16, 17, 18, 19, 20, 21, 3, 0));
        f.put("aux_mlm_labels", HostTensor.ofLongs(new long[] {3, 6},
                -1, 5, -1, -1, -1, -1, -1, -1, 14, -1, -1, -1, -1, -1, -1, -1, 22, -1));
        return f;
    }

    /** Fixed random keep-masks (p ≈ 0.9) for every dropout site, with the batch's concrete dims. */
    private static Map<String, HostTensor> dropoutMasks(Dropout dropout) {
        Map<String, Long> sizes = Map.of("batch", 2L, "aux_batch", 3L, "num_objects", 3L,
                VisualLinguisticBert.PACKED_LEN, PACKED_LEN);
        Map<String, HostTensor> masks = new LinkedHashMap<>();
        Random rnd = new Random(2);
        for (Dropout.Site site : dropout.sites()) {
            long[] shape = site.shape().dims().stream().mapToLong(d -> resolve(d, sizes)).toArray();
            HostTensor m = HostTensor.allocate(DType.BOOL, shape);
            for (int i = 0; i < m.numel(); i++) {
                m.buffer().put(i, (byte) (rnd.nextFloat() < 0.9f ? 1 : 0));
            }
            masks.put(site.inputName(), m);
        }
        return masks;
    }

    private static long resolve(Dim d, Map<String, Long> sizes) {
        if (d.isFixed()) {
            return d.size();
        }
        long total = 0;
        for (String term : d.symbol().split("\\+")) {
            Long v = term.chars().allMatch(Character::isDigit) ? Long.valueOf(term) : sizes.get(term);
            if (v == null) {
                throw new IllegalStateException("unknown dim " + term);
            }
            total += v;
        }
        return total;
    }
}
