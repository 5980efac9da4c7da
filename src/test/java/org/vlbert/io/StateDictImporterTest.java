package org.vlbert.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.Fp16;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.testutil.SharedFixtures;

/**
 * The reference fixtures were built by the original code, whose constructors loaded the synthetic
 * BERT file: so the BERT import must reproduce their BERT-derived tensors bit for bit.
 */
class StateDictImporterTest {
    private static Map<String, HostTensor> bert;
    private static Map<String, HostTensor> pretrainDdp;

    private static final List<String> VQA_PREFIX_CHANGES = List.of(
            "vlbert.mlm_head.predictions.transform->final_mlp.0",
            "module.vlbert.mlm_head.predictions.transform->module.final_mlp.0",
            "vlbert->vlbert", "module.vlbert->module.vlbert");
    private static final List<String> VCR_PREFIX_CHANGES = List.of(
            "vlbert.mvrc_head.transform->cnn_loss_reg.0",
            "module.vlbert.mvrc_head.transform->module.cnn_loss_reg.0",
            "module.vlbert->module.vlbert._module", "vlbert->vlbert._module");

    @BeforeAll
    static void load() throws IOException {
        bert = TorchCheckpointReader.readStateDict(SharedFixtures.reference("bert/pytorch_model.bin"));
        pretrainDdp = TorchCheckpointReader.readStateDict(SharedFixtures.reference("pretrain/ckpt_ddp.model"));
    }

    @Test
    void bertIntoVqaLoadsTheBodyAndTheClassifierTransform() throws IOException {
        Map<String, long[]> target = VqaParameters.shapes(); // = params_after_step1.npz keys and shapes
        ImportResult r = StateDictImporter.importStateDict(bert, target,
                ImportOptions.bert().withMlmTransformInto("final_mlp.0."));
        r.requireNoMismatches();

        List<String> encoder = target.keySet().stream().filter(k -> k.startsWith("vlbert.encoder.")).toList();
        assertEquals(32, encoder.size());
        List<String> expectedLoaded = new ArrayList<>(List.of("vlbert.word_embeddings.weight",
                "vlbert.position_embeddings.weight", "vlbert.token_type_embeddings.weight",
                "vlbert.embedding_LayerNorm.weight", "vlbert.embedding_LayerNorm.bias"));
        expectedLoaded.addAll(encoder);
        expectedLoaded.addAll(List.of("final_mlp.0.dense.weight", "final_mlp.0.dense.bias",
                "final_mlp.0.LayerNorm.weight", "final_mlp.0.LayerNorm.bias"));
        assertEquals(expectedLoaded, r.loaded());
        assertEquals(List.of("image_feature_extractor.obj_downsample.1.weight",
                "image_feature_extractor.obj_downsample.1.bias", "object_linguistic_embeddings.weight",
                "vlbert.end_embedding.weight", "vlbert.visual_ln_text.weight", "vlbert.visual_ln_text.bias",
                "vlbert.visual_ln_object.weight", "vlbert.visual_ln_object.bias", "final_mlp.2.weight",
                "final_mlp.2.bias"), r.missing());
        assertEquals(List.of("bert.pooler.dense.weight", "bert.pooler.dense.bias", "cls.predictions.bias",
                "cls.predictions.decoder.weight", "cls.seq_relationship.weight", "cls.seq_relationship.bias"),
                r.unexpected());
        assertEquals("bert.embeddings.LayerNorm.gamma", r.sources().get("vlbert.embedding_LayerNorm.weight"));
        assertEquals("cls.predictions.transform.LayerNorm.beta", r.sources().get("final_mlp.0.LayerNorm.bias"));

        // the token-type table gets BERT's two rows; row 2 keeps the model's own value
        assertEquals(1, r.rowCopies().size());
        ImportResult.RowCopy rc = r.rowCopies().get(0);
        assertEquals("vlbert.token_type_embeddings.weight", rc.targetKey());
        assertArrayEquals(new int[] {0, 1}, rc.targetRows());
        assertTrue(!r.tensors().containsKey("vlbert.token_type_embeddings.weight"));

        Map<String, HostTensor> reference = TorchCheckpointReader.readStateDict(
                SharedFixtures.reference("vqa/ckpt_plain.model"));
        Map<String, HostTensor> imported = r.applyTo(reference);
        for (String k : r.loaded()) {
            NpyFilesTest.assertSameTensor(reference.get(k), imported.get(k));
        }
        HostTensor before = reference.get("vlbert.token_type_embeddings.weight");
        HostTensor scrambled = HostTensor.ofFloats(before.shape(), new float[(int) before.numel()]);
        float[] patched = r.applyTo(Map.of("vlbert.token_type_embeddings.weight", scrambled))
                .get("vlbert.token_type_embeddings.weight").toFloatArray();
        float[] expected = before.toFloatArray();
        Arrays.fill(expected, 64, 96, 0f); // row 2 comes from the current value, here zeros
        assertArrayEquals(expected, patched);
        assertEquals(0f, scrambled.toFloatArray()[0], "applyTo leaves the current tensors untouched");
    }

    @Test
    void bertIntoVcrLoadsThePoolerUnderTheTimeDistributedCore() throws IOException {
        Map<String, HostTensor> reference = TorchCheckpointReader.readStateDict(
                SharedFixtures.reference("vcr/ckpt_plain.model"));
        ImportResult r = StateDictImporter.importStateDict(bert, shapesOf(reference), ImportOptions.bert());
        r.requireNoMismatches();
        assertTrue(r.loaded().contains("vlbert._module.pooler.dense.weight"));
        assertEquals(39, r.loaded().size()); // embeddings 5 (token types by rows), encoder 32, pooler 2
        assertTrue(r.unexpected().contains("cls.predictions.transform.dense.weight"));
        Map<String, HostTensor> imported = r.applyTo(reference);
        r.loaded().forEach(k -> NpyFilesTest.assertSameTensor(reference.get(k), imported.get(k)));
    }

    @Test
    void bertIntoThePretrainingModelLoadsTheTiedMlmHead() throws IOException {
        Map<String, HostTensor> reference = TorchCheckpointReader.readStateDict(
                SharedFixtures.reference("pretrain/ckpt_plain.model"));
        ImportResult r = StateDictImporter.importStateDict(bert, shapesOf(reference), ImportOptions.bert());
        r.requireNoMismatches();
        assertEquals("cls.predictions.decoder.weight", r.sources().get("vlbert.word_embeddings.weight"));
        assertTrue(r.loaded().containsAll(List.of("vlbert.mlm_head.predictions.bias",
                "vlbert.mlm_head.predictions.transform.LayerNorm.weight", "vlbert.mlm_head.predictions.decoder.weight")));
        assertTrue(r.missing().containsAll(List.of("vlbert.mvrc_head.region_cls_pred.weight", "vlbert.end_embedding.weight")));
        assertEquals(List.of("bert.pooler.dense.weight", "bert.pooler.dense.bias", "cls.seq_relationship.weight",
                "cls.seq_relationship.bias"), r.unexpected());
        Map<String, HostTensor> imported = r.applyTo(reference);
        r.loaded().forEach(k -> NpyFilesTest.assertSameTensor(reference.get(k), imported.get(k)));
    }

    @Test
    void pretrainCheckpointIntoVqaWithThePrefixRules() {
        Map<String, long[]> target = VqaParameters.shapes();
        ImportResult r = StateDictImporter.importStateDict(pretrainDdp, target,
                ImportOptions.partialPretrain(VQA_PREFIX_CHANGES));
        r.requireNoMismatches();
        assertEquals(List.of("final_mlp.2.weight", "final_mlp.2.bias"), r.missing());
        assertEquals(49, r.loaded().size());
        assertEquals(List.of("module.object_mask_visual_embedding.weight", "module.object_mask_word_embedding.weight",
                "module.aux_text_visual_embedding.weight", "module.vlbert.mlm_head.predictions.bias",
                "module.vlbert.mlm_head.predictions.decoder.weight", "module.vlbert.mvrc_head.transform.dense.weight",
                "module.vlbert.mvrc_head.transform.dense.bias", "module.vlbert.mvrc_head.region_cls_pred.weight",
                "module.vlbert.mvrc_head.region_cls_pred.bias"), r.unexpected());
        assertEquals("module.vlbert.mlm_head.predictions.transform.dense.weight",
                r.sources().get("final_mlp.0.dense.weight"));
        NpyFilesTest.assertSameTensor(pretrainDdp.get("module.vlbert.mlm_head.predictions.transform.LayerNorm.weight"),
                r.tensors().get("final_mlp.0.LayerNorm.weight"));
        NpyFilesTest.assertSameTensor(pretrainDdp.get("module.vlbert.encoder.layer.1.output.dense.weight"),
                r.tensors().get("vlbert.encoder.layer.1.output.dense.weight"));
        assertTrue(r.rowCopies().isEmpty());
    }

    @Test
    void pretrainCheckpointIntoVcrWithSegmentBInit() throws IOException {
        Map<String, long[]> target = shapesOf(TorchCheckpointReader.readStateDict(
                SharedFixtures.reference("vcr/ckpt_plain.model")));
        ImportResult r = StateDictImporter.importStateDict(pretrainDdp, target,
                ImportOptions.partialPretrain(VCR_PREFIX_CHANGES).withSegmentBInit(true).withRelationshipHeadInit(true));
        r.requireNoMismatches();
        assertEquals(List.of("cnn_loss_reg.2.weight", "cnn_loss_reg.2.bias", "vlbert._module.pooler.dense.weight",
                "vlbert._module.pooler.dense.bias", "final_mlp.1.weight", "final_mlp.1.bias"), r.missing());
        NpyFilesTest.assertSameTensor(pretrainDdp.get("module.vlbert.mvrc_head.transform.dense.weight"),
                r.tensors().get("cnn_loss_reg.0.dense.weight"));
        float[] source = pretrainDdp.get("module.vlbert.token_type_embeddings.weight").toFloatArray();
        float[] loaded = r.tensors().get("vlbert._module.token_type_embeddings.weight").toFloatArray();
        float[] expected = source.clone();
        System.arraycopy(source, 0, expected, 32, 32); // row 1 := row 0
        assertArrayEquals(expected, loaded);
        assertEquals(source[32], pretrainDdp.get("module.vlbert.token_type_embeddings.weight").toFloatArray()[32],
                "the source checkpoint is not modified");
    }

    @Test
    void relationshipHeadBecomesTheAnswerScorer() {
        HostTensor w = HostTensor.ofFloats(new long[] {2, 3}, 1, 2, 3, 10, 20, 30);
        HostTensor b = HostTensor.ofFloats(new long[] {2}, 0.5f, 2f);
        Map<String, HostTensor> src = new LinkedHashMap<>();
        src.put("module.vlbert.relationsip_head.caption_image_relationship.weight", w);
        src.put("module.vlbert.relationsip_head.caption_image_relationship.bias", b);
        Map<String, long[]> target = new LinkedHashMap<>();
        target.put("final_mlp.1.weight", new long[] {1, 3});
        target.put("final_mlp.1.bias", new long[] {1});
        ImportResult r = StateDictImporter.importStateDict(src, target,
                ImportOptions.partialPretrain(List.of()).withRelationshipHeadInit(true));
        assertArrayEquals(new float[] {9, 18, 27}, r.tensors().get("final_mlp.1.weight").toFloatArray());
        assertArrayEquals(new float[] {1.5f}, r.tensors().get("final_mlp.1.bias").toFloatArray());
        assertEquals(List.of(), r.missing());
    }

    @Test
    void resumeIsStrictBothWays() throws IOException {
        Map<String, HostTensor> ddp = TorchCheckpointReader.readStateDict(SharedFixtures.reference("vqa/ckpt_ddp.model"));
        Map<String, long[]> target = VqaParameters.shapes();
        ImportResult ok = StateDictImporter.importStateDict(ddp, target, ImportOptions.resume());
        ok.requireNoMismatches();
        assertEquals(new ArrayList<>(target.keySet()), ok.loaded());

        Map<String, long[]> bigger = new LinkedHashMap<>(target);
        bigger.put("extra.weight", new long[] {2});
        bigger.remove("final_mlp.2.bias");
        ImportResult bad = StateDictImporter.importStateDict(ddp, bigger, ImportOptions.resume());
        StateDictImportException e = assertThrows(StateDictImportException.class, bad::requireNoMismatches);
        assertTrue(e.getMessage().contains("checkpoint key 'module.final_mlp.2.bias' matches no model parameter"),
                e.getMessage());
        assertTrue(e.getMessage().contains("model parameter 'extra.weight' is not in the checkpoint"), e.getMessage());
    }

    @Test
    void shapeMismatchesAreListedWithBothShapes() {
        Map<String, long[]> target = new LinkedHashMap<>(VqaParameters.shapes());
        target.put("vlbert.word_embeddings.weight", new long[] {30522, 32});
        target.put("final_mlp.0.dense.weight", new long[] {16, 32});
        ImportResult r = StateDictImporter.importStateDict(bert, target,
                ImportOptions.bert().withMlmTransformInto("final_mlp.0."));
        assertEquals(2, r.shapeMismatches().size());
        assertTrue(!r.loaded().contains("vlbert.word_embeddings.weight"));
        StateDictImportException e = assertThrows(StateDictImportException.class, r::requireNoMismatches);
        assertTrue(e.getMessage().contains("shape mismatch: vlbert.word_embeddings.weight expects [30522, 32] but "
                + "bert.embeddings.word_embeddings.weight has [512, 32]"), e.getMessage());
        assertTrue(e.getMessage().contains("final_mlp.0.dense.weight expects [16, 32]"), e.getMessage());
    }

    @Test
    void strictGroupsMustBeComplete() {
        Map<String, HostTensor> partialBert = new LinkedHashMap<>(bert);
        partialBert.remove("bert.encoder.layer.1.output.dense.bias");
        partialBert.remove("cls.predictions.transform.dense.bias");
        ImportResult r = StateDictImporter.importStateDict(partialBert, VqaParameters.shapes(),
                ImportOptions.bert().withMlmTransformInto("final_mlp.0."));
        assertEquals(2, r.strictViolations().size());
        StateDictImportException e = assertThrows(StateDictImportException.class, r::requireNoMismatches);
        assertTrue(e.getMessage().contains("the encoder is loaded strictly but the checkpoint provides nothing for "
                + "[vlbert.encoder.layer.1.output.dense.bias]"), e.getMessage());
        assertTrue(e.getMessage().contains("[final_mlp.0.dense.bias]"), e.getMessage());
    }

    @Test
    void oneRowTokenTypeTablesFillTheOtherSegments() {
        HostTensor one = HostTensor.ofFloats(new long[] {1, 2}, 7f, 8f);
        Map<String, HostTensor> roberta = Map.of("roberta.embeddings.token_type_embeddings.weight", one);
        Map<String, long[]> task = new LinkedHashMap<>();
        task.put("vlbert.word_embeddings.weight", new long[] {4, 2});
        task.put("vlbert.token_type_embeddings.weight", new long[] {3, 2});
        ImportResult base = StateDictImporter.importStateDict(roberta, task, ImportOptions.bert());
        assertArrayEquals(new float[] {7, 8, 7, 8, 7, 8},
                base.tensors().get("vlbert.token_type_embeddings.weight").toFloatArray(), "base model: rows 0, 1, 2");

        Map<String, long[]> pretraining = new LinkedHashMap<>(task);
        pretraining.put("vlbert.mlm_head.predictions.bias", new long[] {4});
        ImportResult sub = StateDictImporter.importStateDict(roberta, pretraining, ImportOptions.bert());
        assertArrayEquals(new int[] {0, 1}, sub.rowCopies().get(0).targetRows(), "pretraining model: rows 0, 1");
    }

    @Test
    void halfPrecisionCheckpointsLoadAsFloat32() {
        HostTensor half = HostTensor.allocate(DType.FLOAT16, 2);
        half.buffer().putShort(0, Fp16.fromFloat(0.5f)).putShort(2, Fp16.fromFloat(-3f));
        ImportResult r = StateDictImporter.importStateDict(Map.of("module.w", half), Map.of("w", new long[] {2}),
                ImportOptions.partialPretrain(List.of()));
        assertEquals(DType.FLOAT, r.tensors().get("w").dtype());
        assertArrayEquals(new float[] {0.5f, -3f}, r.tensors().get("w").toFloatArray());
    }

    @Test
    void prefixRulesApplyFirstMatchOnlyAndMustBeWellFormed() {
        Map<String, HostTensor> src = new LinkedHashMap<>();
        src.put("a.b.c", HostTensor.scalar(1f));
        src.put("a.x", HostTensor.scalar(2f));
        Map<String, long[]> target = new LinkedHashMap<>();
        target.put("first.c", new long[0]);
        target.put("second.b.c", new long[0]);
        target.put("second.x", new long[0]);
        ImportResult r = StateDictImporter.importStateDict(src, target,
                ImportOptions.partialPretrain(List.of("a.b->first", "a->second")));
        assertEquals(Map.of("first.c", "a.b.c", "second.x", "a.x"), r.sources());
        assertEquals(List.of("second.b.c"), r.missing());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImportOptions.partialPretrain(List.of("vlbert=>vlbert")));
        assertTrue(e.getMessage().contains("\"old->new\""), e.getMessage());
    }

    @Test
    void stripPrefixKeepsOrderAndUnprefixedKeys() {
        Map<String, HostTensor> m = new LinkedHashMap<>();
        IntStream.range(0, 3).forEach(i -> m.put((i == 1 ? "" : "module.") + "k" + i, HostTensor.scalar(i)));
        assertEquals(List.of("k0", "k1", "k2"), new ArrayList<>(StateDictImporter.stripPrefix(m, "module.").keySet()));
    }

    private static Map<String, long[]> shapesOf(Map<String, HostTensor> sd) {
        return sd.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().shape(),
                (a, b) -> a, LinkedHashMap::new));
    }
}
