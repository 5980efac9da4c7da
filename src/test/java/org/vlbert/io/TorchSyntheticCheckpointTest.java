package org.vlbert.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.Fp16;
import org.vlbert.graphs.tensor.HostTensor;

/** Hand-built torch.save files exercising what the reference fixtures do not: views, dtypes, byte order. */
class TorchSyntheticCheckpointTest {
    @TempDir
    Path tmp;

    private static final byte[] SIX_FLOATS = PickleBytes.floatsLE(0f, 1f, 2f, 3f, 4f, 5f);

    /** {'state_dict': OrderedDict(name -> tensor over storage "0"), 'epoch': 7, 'extra': numpy scalar} */
    private static byte[] zipPickle(Map<String, long[][]> views) {
        PickleBytes p = new PickleBytes().proto().emptyDict().mark().str("state_dict").orderedDict().mark();
        views.forEach((name, v) -> p.str(name).beginTensor().zipStorage("FloatStorage", "0", 6)
                .endTensor(v[0][0], v[1], v[2]));
        p.setItems();
        // state dicts carry an attribute dict (_metadata) applied with BUILD
        p.emptyDict().mark().str("_metadata").orderedDict().setItems().build();
        p.str("epoch").integer(7);
        p.str("extra").global("numpy.core.multiarray", "scalar").mark().str("<f8").bytes(new byte[8]).tuple().reduce();
        return p.setItems().stop().toByteArray();
    }

    @Test
    void stridedAndOffsetViewsAreMaterialisedInRowMajorOrder() throws IOException {
        Map<String, long[][]> views = new LinkedHashMap<>();
        views.put("transposed", new long[][] {{0}, {3, 2}, {1, 3}});
        views.put("row", new long[][] {{3}, {3}, {1}});
        views.put("every_other", new long[][] {{1}, {2}, {2}});
        views.put("scalar", new long[][] {{2}, {}, {}});
        views.put("broadcast", new long[][] {{4}, {2, 3}, {0, 0}});
        Path f = SyntheticCheckpoints.zip(tmp.resolve("views.model"), zipPickle(views), Map.of("0", SIX_FLOATS),
                Map.of("version", "3\n".getBytes(StandardCharsets.US_ASCII),
                        "byteorder", "little".getBytes(StandardCharsets.US_ASCII)));
        TorchCheckpoint ckpt = TorchCheckpointReader.read(f);
        Map<String, HostTensor> sd = ckpt.stateDict();
        assertEquals(List.of("transposed", "row", "every_other", "scalar", "broadcast"), new ArrayList<>(sd.keySet()));
        assertArrayEquals(new long[] {3, 2}, sd.get("transposed").shape());
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, sd.get("transposed").toFloatArray());
        assertArrayEquals(new float[] {3, 4, 5}, sd.get("row").toFloatArray());
        assertArrayEquals(new float[] {1, 3}, sd.get("every_other").toFloatArray());
        assertArrayEquals(new float[] {2}, sd.get("scalar").toFloatArray());
        assertArrayEquals(new float[] {4, 4, 4, 4, 4, 4}, sd.get("broadcast").toFloatArray());

        assertEquals(7, ckpt.get("epoch"));
        PythonObject extra = assertInstanceOf(PythonObject.class, ckpt.get("extra"));
        assertEquals("numpy.core.multiarray.scalar", extra.className());
    }

    @Test
    void tensorsReadingPastTheirStorageAreRejectedByName() throws IOException {
        Map<String, long[][]> views = Map.of("too_long", new long[][] {{2}, {5}, {1}});
        Path f = SyntheticCheckpoints.zip(tmp.resolve("oob.model"), zipPickle(views), Map.of("0", SIX_FLOATS), Map.of());
        TorchCheckpoint ckpt = TorchCheckpointReader.read(f);
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, ckpt::stateDict);
        assertTrue(e.getMessage().contains("tensor 'too_long' (shape [5], stride [1], offset 2) reads element 6"),
                e.getMessage());

        Map<String, String> hostile = Map.of(
                "overflow", "address beyond any storage",
                "huge_broadcast", "exceeds the 2 GiB limit",
                "negative_dim", "invalid shape");
        Map<String, long[][]> bad = Map.of(
                "overflow", new long[][] {{0}, {3}, {1L << 62}},
                "huge_broadcast", new long[][] {{0}, {1L << 40}, {0}},
                "negative_dim", new long[][] {{0}, {-2}, {1}});
        for (Map.Entry<String, long[][]> v : bad.entrySet()) {
            Path g = SyntheticCheckpoints.zip(tmp.resolve(v.getKey() + ".model"), zipPickle(Map.of(v.getKey(), v.getValue())),
                    Map.of("0", SIX_FLOATS), Map.of());
            TorchCheckpoint c = TorchCheckpointReader.read(g);
            CheckpointFormatException x = assertThrows(CheckpointFormatException.class, c::stateDict, v.getKey());
            assertTrue(x.getMessage().contains(hostile.get(v.getKey())), x.getMessage());
        }
    }

    @Test
    void storageRecordsMustExistWithTheDeclaredSize() throws IOException {
        Map<String, long[][]> views = Map.of("w", new long[][] {{0}, {6}, {1}});
        Path missing = SyntheticCheckpoints.zip(tmp.resolve("missing.model"), zipPickle(views), Map.of(), Map.of());
        CheckpointFormatException e1 = assertThrows(CheckpointFormatException.class,
                () -> TorchCheckpointReader.read(missing));
        assertTrue(e1.getMessage().contains("storage record 'archive/data/0' is missing"), e1.getMessage());

        Path shortRecord = SyntheticCheckpoints.zip(tmp.resolve("short.model"), zipPickle(views),
                Map.of("0", new byte[20]), Map.of());
        CheckpointFormatException e2 = assertThrows(CheckpointFormatException.class,
                () -> TorchCheckpointReader.read(shortRecord));
        assertTrue(e2.getMessage().contains("holds 20 bytes but the pickle declares 6 float32 elements (24 bytes)"),
                e2.getMessage());
    }

    @Test
    void everySupportedStorageTypeAndParameterWrapper() throws IOException {
        PickleBytes p = new PickleBytes().proto().orderedDict().mark();
        p.str("half").beginTensor().zipStorage("HalfStorage", "h", 2).endTensor(0, new long[] {2}, new long[] {1});
        p.str("long").beginTensor().zipStorage("LongStorage", "l", 1).endTensor(0, new long[] {}, new long[] {});
        p.str("int").beginTensor().zipStorage("IntStorage", "i", 1).endTensor(0, new long[] {1}, new long[] {1});
        p.str("byte").beginTensor().zipStorage("ByteStorage", "u", 2).endTensor(0, new long[] {2}, new long[] {1});
        p.str("char").beginTensor().zipStorage("CharStorage", "c", 1).endTensor(0, new long[] {1}, new long[] {1});
        p.str("bool").beginTensor().zipStorage("BoolStorage", "b", 2).endTensor(0, new long[] {2}, new long[] {1});
        p.str("double").beginTensor().zipStorage("DoubleStorage", "d", 1).endTensor(0, new long[] {1}, new long[] {1});
        p.str("bf16").beginTensor().zipStorage("BFloat16Storage", "bf", 1).endTensor(0, new long[] {1}, new long[] {1});
        // Parameter(tensor): _rebuild_parameter(tensor, requires_grad, OrderedDict())
        p.str("param").global("torch._utils", "_rebuild_parameter").mark()
                .beginTensor().zipStorage("FloatStorage", "f", 1).endTensor(0, new long[] {1}, new long[] {1})
                .bool(true).orderedDict().tuple().reduce();
        byte[] pickle = p.setItems().stop().toByteArray();
        Map<String, byte[]> storages = new LinkedHashMap<>();
        storages.put("h", le(2, Fp16.fromFloat(1.5f), Fp16.fromFloat(-2f)));
        storages.put("l", ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(-9_000_000_000L).array());
        storages.put("i", ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(-3).array());
        storages.put("u", new byte[] {(byte) 200, 7});
        storages.put("c", new byte[] {-5});
        storages.put("b", new byte[] {1, 0});
        storages.put("d", ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.1).array());
        storages.put("bf", le(2, (short) 0x4040)); // 3.0
        storages.put("f", PickleBytes.floatsLE(42f));
        Path f = SyntheticCheckpoints.zip(tmp.resolve("types.bin"), pickle, storages, Map.of());
        Map<String, HostTensor> sd = TorchCheckpointReader.readStateDict(f);
        assertEquals(DType.FLOAT16, sd.get("half").dtype());
        assertArrayEquals(new float[] {1.5f, -2f}, sd.get("half").toFloatArrayConverted());
        assertArrayEquals(new long[] {-9_000_000_000L}, sd.get("long").toLongArray());
        assertArrayEquals(new long[] {-3}, sd.get("int").toLongArray());
        assertEquals(DType.UINT8, sd.get("byte").dtype());
        assertArrayEquals(new long[] {200, 7}, sd.get("byte").toLongArray());
        assertArrayEquals(new long[] {-5}, sd.get("char").toLongArray());
        assertEquals(DType.BOOL, sd.get("bool").dtype());
        assertArrayEquals(new long[] {1, 0}, sd.get("bool").toLongArray());
        assertEquals(0.1, sd.get("double").buffer().getDouble(0));
        assertArrayEquals(new float[] {3f}, sd.get("bf16").toFloatArrayConverted());
        assertArrayEquals(new float[] {42f}, sd.get("param").toFloatArray());
    }

    @Test
    void bigEndianArchivesAreByteSwapped() throws IOException {
        Map<String, long[][]> views = Map.of("w", new long[][] {{0}, {6}, {1}});
        ByteBuffer be = ByteBuffer.allocate(24).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < 6; i++) {
            be.putFloat(i * 1.25f);
        }
        Path f = SyntheticCheckpoints.zip(tmp.resolve("be.model"), zipPickle(views), Map.of("0", be.array()),
                Map.of("byteorder", "big".getBytes(StandardCharsets.US_ASCII)));
        assertArrayEquals(new float[] {0f, 1.25f, 2.5f, 3.75f, 5f, 6.25f},
                TorchCheckpointReader.readStateDict(f).get("w").toFloatArray());
    }

    @Test
    void unsupportedStorageTypeIsNamed() throws IOException {
        byte[] pickle = new PickleBytes().proto().orderedDict().mark().str("s").beginTensor()
                .zipStorage("ShortStorage", "0", 1).endTensor(0, new long[] {1}, new long[] {1})
                .setItems().stop().toByteArray();
        Path f = SyntheticCheckpoints.zip(tmp.resolve("short.model"), pickle, Map.of("0", new byte[2]), Map.of());
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> TorchCheckpointReader.read(f));
        assertTrue(e.getMessage().contains("uses storage type torch.ShortStorage, which this reader does not support"),
                e.getMessage());
    }

    @Test
    void legacyStorageViewsShareTheirRootStorage() throws IOException {
        PickleBytes p = new PickleBytes().proto().emptyDict().mark().str("state_dict").orderedDict().mark();
        p.str("a").beginTensor().legacyStorage("FloatStorage", "root", 6, "view1", 2, 3)
                .endTensor(0, new long[] {3}, new long[] {1});
        p.str("b").beginTensor().legacyStorage("FloatStorage", "root", 6, "view1", 2, 3)
                .endTensor(1, new long[] {2}, new long[] {1});
        p.str("whole").beginTensor().legacyStorage("FloatStorage", "root", 6, null, 0, 0)
                .endTensor(0, new long[] {2, 3}, new long[] {3, 1});
        p.str("ids").beginTensor().legacyStorage("LongStorage", "ids", 2, null, 0, 0)
                .endTensor(0, new long[] {2}, new long[] {1});
        byte[] obj = p.setItems().setItems().stop().toByteArray();
        Map<String, byte[]> storages = new LinkedHashMap<>();
        storages.put("root", SIX_FLOATS);
        storages.put("ids", ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(5).putLong(-6).array());
        Path f = tmp.resolve("legacy.model");
        Files.write(f, SyntheticCheckpoints.legacy(obj, storages, Map.of("root", 4, "ids", 8)));
        TorchCheckpoint ckpt = TorchCheckpointReader.read(f);
        assertEquals(TorchCheckpoint.Format.LEGACY, ckpt.format());
        Map<String, HostTensor> sd = ckpt.stateDict();
        assertArrayEquals(new float[] {2, 3, 4}, sd.get("a").toFloatArray());
        assertArrayEquals(new float[] {3, 4}, sd.get("b").toFloatArray());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, sd.get("whole").toFloatArray());
        assertArrayEquals(new long[] {5, -6}, sd.get("ids").toLongArray());
    }

    @Test
    void impossibleStorageSizesAreRejectedInBothFormats() throws IOException {
        for (long numel : new long[] {-1, 1L << 31}) {
            PickleBytes zipped = new PickleBytes().proto().orderedDict().mark();
            zipped.str("w").beginTensor().zipStorage("FloatStorage", "0", numel)
                    .endTensor(0, new long[] {6}, new long[] {1});
            Path z = SyntheticCheckpoints.zip(tmp.resolve("numel" + numel + ".model"),
                    zipped.setItems().stop().toByteArray(), Map.of("0", SIX_FLOATS), Map.of());
            CheckpointFormatException ze = assertThrows(CheckpointFormatException.class,
                    () -> TorchCheckpointReader.read(z));
            assertTrue(ze.getMessage().contains("storage '0' declares " + numel + " elements"), ze.getMessage());

            PickleBytes legacy = new PickleBytes().proto().orderedDict().mark();
            legacy.str("w").beginTensor().legacyStorage("FloatStorage", "root", numel, null, 0, 0)
                    .endTensor(0, new long[] {6}, new long[] {1});
            Path l = tmp.resolve("legacy-numel" + numel + ".model");
            Files.write(l, SyntheticCheckpoints.legacy(legacy.setItems().stop().toByteArray(),
                    Map.of("root", SIX_FLOATS), Map.of("root", 4)));
            CheckpointFormatException le = assertThrows(CheckpointFormatException.class,
                    () -> TorchCheckpointReader.read(l));
            assertTrue(le.getMessage().contains("storage 'root' declares " + numel + " elements"), le.getMessage());
        }
    }

    @Test
    void legacyViewsMayNotBeOverrun() throws IOException {
        PickleBytes p = new PickleBytes().proto().orderedDict().mark();
        p.str("a").beginTensor().legacyStorage("FloatStorage", "root", 6, "v", 2, 3)
                .endTensor(1, new long[] {3}, new long[] {1});
        Path f = tmp.resolve("overrun.model");
        Files.write(f, SyntheticCheckpoints.legacy(p.setItems().stop().toByteArray(), Map.of("root", SIX_FLOATS),
                Map.of("root", 4)));
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
                () -> TorchCheckpointReader.read(f).stateDict());
        assertTrue(e.getMessage().contains("tensor 'a'"), e.getMessage());
    }

    @Test
    void storagesPickledWithLoadFromBytesAreDecoded() throws IOException {
        // torch.storage._load_from_bytes(b) where b is a complete legacy stream holding one storage
        byte[] storagePickle = new PickleBytes().proto().legacyStorage("FloatStorage", "s", 2, null, 0, 0).stop()
                .toByteArray();
        byte[] embedded = SyntheticCheckpoints.legacy(storagePickle, Map.of("s", PickleBytes.floatsLE(8f, 9f)),
                Map.of("s", 4));
        byte[] pickle = new PickleBytes().proto().orderedDict().mark().str("t").beginTensor()
                .global("torch.storage", "_load_from_bytes").mark().bytes(embedded).tuple().reduce()
                .endTensor(0, new long[] {2}, new long[] {1}).setItems().stop().toByteArray();
        Path f = SyntheticCheckpoints.zip(tmp.resolve("embedded.model"), pickle, Map.of(), Map.of());
        assertArrayEquals(new float[] {8f, 9f}, TorchCheckpointReader.readStateDict(f).get("t").toFloatArray());
    }

    @Test
    void nonTensorStateDictEntriesAreReported() throws IOException {
        byte[] pickle = new PickleBytes().proto().emptyDict().mark().str("state_dict").orderedDict().mark()
                .str("w").integer(3).setItems().setItems().stop().toByteArray();
        Path f = SyntheticCheckpoints.zip(tmp.resolve("nontensor.model"), pickle, Map.of(), Map.of());
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
                () -> TorchCheckpointReader.readStateDict(f));
        assertTrue(e.getMessage().contains("state dict entry 'w' is a Integer 3, not a dense tensor"), e.getMessage());
    }

    @Test
    void impossibleLengthFieldsFailWithoutAllocating() throws IOException {
        // BINUNICODE claiming 2 GB in a 30-byte pickle
        byte[] pickle = new PickleBytes().proto().op('X').raw(PickleBytes.le(0x7ffffff0L, 4)).raw(new byte[20])
                .toByteArray();
        Path f = SyntheticCheckpoints.zip(tmp.resolve("len.model"), pickle, Map.of(), Map.of());
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> TorchCheckpointReader.read(f));
        assertTrue(e.getMessage().contains("length field 2147483632 exceeds the 20 bytes left"), e.getMessage());
    }

    private static byte[] le(int width, short... values) {
        ByteBuffer b = ByteBuffer.allocate(width * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (short v : values) {
            b.putShort(v);
        }
        return b.array();
    }
}
