package org.vlbert.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.testutil.SharedFixtures;

/** Reads the reference checkpoints written by PyTorch 1.13 (zip and legacy) and the BERT file. */
class TorchCheckpointReaderTest {
    @TempDir
    Path tmp;

    @Test
    void ddpCheckpointHoldsExactlyTheVqaParameters() throws IOException {
        TorchCheckpoint ckpt = TorchCheckpointReader.read(SharedFixtures.reference("vqa/ckpt_ddp.model"));
        assertEquals(TorchCheckpoint.Format.ZIP, ckpt.format());
        assertEquals(List.of("state_dict", "optimizer", "validation_monitor"), ckpt.topLevelKeys());

        Map<String, HostTensor> sd = StateDictImporter.stripPrefix(ckpt.stateDict(), "module.");
        // params_after_step1.npz names every VQA parameter with its plain name, in model order
        Map<String, HostTensor> reference = NpyFiles.readNpz(
                SharedFixtures.reference("vqa_trainstep/params_after_step1.npz"));
        assertEquals(new ArrayList<>(reference.keySet()), new ArrayList<>(sd.keySet()));
        reference.forEach((k, v) -> {
            assertArrayEquals(v.shape(), sd.get(k).shape(), k);
            assertEquals(DType.FLOAT, sd.get(k).dtype(), k);
        });
    }

    @Test
    void valuesMatchTheRawStorageBytes() throws IOException {
        Map<String, HostTensor> sd = TorchCheckpointReader.readStateDict(SharedFixtures.reference("vqa/ckpt_ddp.model"));
        // expected bits read straight from the zip records with numpy (ckpt_ddp/data/3 and data/1)
        float[] words = sd.get("module.vlbert.word_embeddings.weight").toFloatArray();
        assertEquals(512 * 32, words.length);
        assertArrayEquals(new int[] {0xb9e206b5, 0xbc573b77, 0xbc4cf37d, 0x3d068b57},
                Arrays.stream(new int[] {0, 1, 2, 3}).map(i -> Float.floatToRawIntBits(words[i])).toArray());
        assertEquals(0x3c05a1c6, Float.floatToRawIntBits(words[511 * 32 + 31]));
        float[] bias = sd.get("module.image_feature_extractor.obj_downsample.1.bias").toFloatArray();
        assertEquals(0x3bdbd258, Float.floatToRawIntBits(bias[0]));
        assertEquals(0xbb8641e4, Float.floatToRawIntBits(bias[1]));
    }

    @Test
    void legacyAndZipFormsOfTheSameCheckpointAreBitwiseEqual() throws IOException {
        TorchCheckpoint zip = TorchCheckpointReader.read(SharedFixtures.reference("vqa/ckpt_ddp.model"));
        TorchCheckpoint legacy = TorchCheckpointReader.read(SharedFixtures.reference("vqa/ckpt_ddp_legacy.model"));
        assertEquals(TorchCheckpoint.Format.LEGACY, legacy.format());
        assertEquals(zip.topLevelKeys(), legacy.topLevelKeys());
        Map<String, HostTensor> a = zip.stateDict();
        Map<String, HostTensor> b = legacy.stateDict();
        assertEquals(new ArrayList<>(a.keySet()), new ArrayList<>(b.keySet()));
        a.forEach((k, v) -> NpyFilesTest.assertSameTensor(v, b.get(k)));
        assertEquals(zip.get("validation_monitor"), legacy.get("validation_monitor"));
    }

    @Test
    void plainAndDdpCheckpointsDifferOnlyInThePrefix() throws IOException {
        Map<String, HostTensor> plain = TorchCheckpointReader.readStateDict(SharedFixtures.reference("vqa/ckpt_plain.model"));
        Map<String, HostTensor> ddp = StateDictImporter.stripPrefix(
                TorchCheckpointReader.readStateDict(SharedFixtures.reference("vqa/ckpt_ddp.model")), "module.");
        assertEquals(new ArrayList<>(plain.keySet()), new ArrayList<>(ddp.keySet()));
        plain.forEach((k, v) -> NpyFilesTest.assertSameTensor(v, ddp.get(k)));
    }

    @Test
    void optimizerAndMonitorEntriesAreReadable() throws IOException {
        TorchCheckpoint ckpt = TorchCheckpointReader.read(SharedFixtures.reference("vqa/ckpt_plain.model"));
        Map<?, ?> optimizer = assertInstanceOf(Map.class, ckpt.get("optimizer"));
        List<?> groups = assertInstanceOf(List.class, optimizer.get("param_groups"));
        Map<?, ?> group = assertInstanceOf(Map.class, groups.get(0));
        assertEquals(2.5e-06, group.get("lr"));
        assertEquals(51, ((List<?>) group.get("params")).size());
        Object[] betas = assertInstanceOf(Object[].class, group.get("betas"));
        assertArrayEquals(new Object[] {0.9, 0.999}, betas);
        assertEquals(Map.of("best_epoch", -1, "best_val", -1.0), ckpt.get("validation_monitor"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"vqa", "vcr", "refcoco", "pretrain"})
    void everyTaskCheckpointMatchesItsManifest(String task) throws IOException {
        Map<String, long[]> expected = VqaParameters.shapes(task);
        for (String file : new String[] {"ckpt_plain.model", "ckpt_ddp.model"}) {
            Map<String, HostTensor> sd = StateDictImporter.stripPrefix(
                    TorchCheckpointReader.readStateDict(SharedFixtures.reference(task + "/" + file)), "module.");
            assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(sd.keySet()), task + "/" + file);
            expected.forEach((k, shape) -> assertArrayEquals(shape, sd.get(k).shape(), k));
        }
    }

    @Test
    void tiedDecoderSharesTheWordEmbeddingStorage() throws IOException {
        TorchCheckpoint ckpt = TorchCheckpointReader.read(SharedFixtures.reference("pretrain/ckpt_plain.model"));
        Map<?, ?> raw = (Map<?, ?>) ckpt.get("state_dict");
        TorchTensor words = (TorchTensor) raw.get("vlbert.word_embeddings.weight");
        TorchTensor decoder = (TorchTensor) raw.get("vlbert.mlm_head.predictions.decoder.weight");
        assertEquals(words.storageKey(), decoder.storageKey());
        Map<String, HostTensor> sd = ckpt.stateDict();
        NpyFilesTest.assertSameTensor(sd.get("vlbert.word_embeddings.weight"),
                sd.get("vlbert.mlm_head.predictions.decoder.weight"));
    }

    @Test
    void bertBinIsAPlainStateDict() throws IOException {
        TorchCheckpoint bert = TorchCheckpointReader.read(SharedFixtures.reference("bert/pytorch_model.bin"));
        Map<String, HostTensor> sd = bert.stateDict();
        assertEquals(47, sd.size());
        List<String> keys = new ArrayList<>(sd.keySet());
        assertEquals("bert.embeddings.word_embeddings.weight", keys.get(0));
        assertEquals("bert.embeddings.LayerNorm.gamma", keys.get(3));
        assertEquals("cls.seq_relationship.bias", keys.get(keys.size() - 1));
        assertArrayEquals(new long[] {2, 32}, sd.get("bert.embeddings.token_type_embeddings.weight").shape());
        assertEquals(bert.get("bert.embeddings.word_embeddings.weight") instanceof TorchTensor t ? t.storageKey() : null,
                ((TorchTensor) bert.get("cls.predictions.decoder.weight")).storageKey());
    }

    @Test
    void truncatedZipIsAClearError() throws IOException {
        byte[] all = Files.readAllBytes(SharedFixtures.reference("vqa/ckpt_ddp.model"));
        for (int cut : new int[] {4, 100, all.length / 2, all.length - 10}) {
            Path f = write("cut" + cut + ".model", Arrays.copyOf(all, cut));
            CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> TorchCheckpointReader.read(f));
            assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("truncated or corrupt zip archive"), e.getMessage());
            assertTrue(e.getMessage().contains("obtain it again"), e.getMessage());
        }
    }

    @Test
    void truncatedLegacyStreamIsAClearError() throws IOException {
        byte[] all = Files.readAllBytes(SharedFixtures.reference("vqa/ckpt_ddp_legacy.model"));
        Map<Integer, String> cuts = Map.of(
                3, "inside the magic number",
                30, "inside the sys_info record",
                5000, "inside the object pickle",
                all.length - 1000, "truncated legacy checkpoint: storage 46 of 51 (key '1012098704') needs 4096 bytes but only 3776 remain",
                all.length - 1, "storage 51 of 51 (key '1012932320') needs 128 bytes but only 127 remain");
        for (Map.Entry<Integer, String> c : cuts.entrySet()) {
            Path f = write("legacy" + c.getKey() + ".model", Arrays.copyOf(all, c.getKey()));
            CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> TorchCheckpointReader.read(f));
            assertTrue(e.getMessage().startsWith(f + ": truncated"), e.getMessage());
            assertTrue(e.getMessage().contains(c.getValue()), e.getMessage());
        }
    }

    @Test
    void corruptedLegacyBytesNeverEscapeAsOtherExceptions() throws IOException {
        byte[] all = Files.readAllBytes(SharedFixtures.reference("vqa/ckpt_ddp_legacy.model"));
        int failures = 0;
        for (int pos = 20; pos < 12000; pos += 191) {
            byte[] bad = all.clone();
            bad[pos] = (byte) (bad[pos] ^ 0x5a);
            Path f = write("flip.model", bad);
            try {
                TorchCheckpointReader.read(f).stateDict();
            } catch (CheckpointFormatException e) {
                failures++;
                assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
            }
        }
        assertTrue(failures > 10, "most flips in the pickle region must be detected, got " + failures);
    }

    @Test
    void foreignFilesAreRejectedWithAHint() throws IOException {
        Path text = write("notes.txt", "just text, definitely not a checkpoint".getBytes());
        assertMessage(text, "not a PyTorch checkpoint");
        Path empty = write("empty.model", new byte[0]);
        assertMessage(empty, "the file is empty");
        assertMessage(SharedFixtures.reference("vqa_trainstep/params_after_step1.npz"), "without a <name>/data.pkl record");
        Path plainPickle = write("dict.pkl", new PickleBytes().proto().emptyDict().stop().toByteArray());
        assertMessage(plainPickle, "not a PyTorch checkpoint");
    }

    @Test
    void corruptObjectPickleInsideAZipNamesTheRecord() throws IOException {
        byte[] pickle = new PickleBytes().proto().emptyDict().mark().str("state_dict").op(0xff).stop().toByteArray();
        Path f = SyntheticCheckpoints.zip(tmp.resolve("bad.model"), pickle, Map.of(), Map.of());
        CheckpointFormatException e = assertMessage(f, "corrupt object pickle archive/data.pkl");
        assertNotEquals(null, e.getCause());
    }

    @Test
    void missingStateDictListsTheTopLevelKeys() throws IOException {
        byte[] pickle = new PickleBytes().proto().emptyDict().mark().str("model").integer(1).str("epoch").integer(3)
                .setItems().stop().toByteArray();
        Path f = SyntheticCheckpoints.zip(tmp.resolve("nosd.model"), pickle, Map.of(), Map.of());
        TorchCheckpoint ckpt = TorchCheckpointReader.read(f);
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, ckpt::stateDict);
        assertTrue(e.getMessage().contains("holds no state dict: the top-level dict has keys [model, epoch]"),
                e.getMessage());
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path f = tmp.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private static CheckpointFormatException assertMessage(Path f, String fragment) {
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
                () -> TorchCheckpointReader.read(f).stateDict());
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        return e;
    }
}
