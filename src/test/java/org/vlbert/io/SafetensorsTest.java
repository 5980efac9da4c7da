package org.vlbert.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;

class SafetensorsTest {
    @TempDir
    Path tmp;

    @Test
    void roundTripsAllDtypesWithMetadata() throws IOException {
        Map<String, HostTensor> tensors = new LinkedHashMap<>(NpyFilesTest.sampleTensors());
        HostTensor bf16 = HostTensor.allocate(DType.BFLOAT16, 2);
        bf16.buffer().putShort(0, (short) 0x3fc0).putShort(2, (short) 0xbf80); // 1.5, -1.0
        tensors.put("bf16", bf16);
        Path f = tmp.resolve("model.safetensors");
        Safetensors.write(f, tensors, Map.of("format", "pt", "step", "12"));

        SafetensorsFile back = Safetensors.read(f);
        assertEquals(new ArrayList<>(tensors.keySet()), new ArrayList<>(back.tensors().keySet()));
        tensors.forEach((k, v) -> NpyFilesTest.assertSameTensor(v, back.tensor(k)));
        assertEquals(Map.of("format", "pt", "step", "12"), back.metadata());
        assertArrayEquals(new float[] {1.5f, -1f}, back.tensor("bf16").toFloatArrayConverted());
    }

    @Test
    void metadataOrderDoesNotDependOnTheCallersMap() throws IOException {
        Map<String, HostTensor> w = Map.of("w", HostTensor.ofFloats(new long[] {1}, 3f));
        Map<String, String> forward = new LinkedHashMap<>();
        forward.put("b", "2");
        forward.put("a", "1");
        Map<String, String> backward = new LinkedHashMap<>();
        backward.put("a", "1");
        backward.put("b", "2");
        Safetensors.write(tmp.resolve("f.safetensors"), w, forward);
        Safetensors.write(tmp.resolve("b.safetensors"), w, backward);
        byte[] one = Files.readAllBytes(tmp.resolve("f.safetensors"));
        assertArrayEquals(one, Files.readAllBytes(tmp.resolve("b.safetensors")));
        assertTrue(new String(one, StandardCharsets.UTF_8).contains("{\"__metadata__\":{\"a\":\"1\",\"b\":\"2\"}"));
    }

    @Test
    void headerIsSpacePaddedToEightBytesWithMetadataFirst() throws IOException {
        Path f = tmp.resolve("one.safetensors");
        Safetensors.write(f, Map.of("w", HostTensor.ofFloats(new long[] {2}, 1f, 2f)), Map.of("k", "v"));
        byte[] bytes = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertEquals(0, n % 8);
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        String json = "{\"__metadata__\":{\"k\":\"v\"},\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        assertEquals(json + " ".repeat((int) n - json.length()), header);
        assertEquals(8 + n + 8, bytes.length);
        assertEquals(1f, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getFloat(8 + (int) n));
    }

    @Test
    void readsAFileLaidOutByHand() throws IOException {
        // as written by the reference implementation: tensors sorted by dtype then name, offsets ascending
        String json = "{\"b\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]},"
                + "\"a\":{\"dtype\":\"F16\",\"shape\":[1,2],\"data_offsets\":[8,12]}}";
        ByteBuffer data = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        data.putLong(-5).putShort((short) 0x3c00).putShort((short) 0xc000);
        Path f = write("hand.safetensors", json, data.array());
        SafetensorsFile sf = Safetensors.read(f);
        assertEquals(List.of("b", "a"), new ArrayList<>(sf.tensors().keySet()));
        assertArrayEquals(new long[] {-5}, sf.tensor("b").toLongArray());
        assertArrayEquals(new float[] {1f, -2f}, sf.tensor("a").toFloatArrayConverted());
        assertEquals(Map.of(), sf.metadata());
    }

    @Test
    void mappedTensorsAreReadOnlyViewsAndCopiesAreWritable() throws IOException {
        Path f = tmp.resolve("ro.safetensors");
        Safetensors.write(f, Map.of("x", HostTensor.ofFloats(new long[] {1}, 3f)), Map.of());
        HostTensor x = Safetensors.read(f).tensor("x");
        assertThrows(ReadOnlyBufferException.class, () -> x.buffer().putFloat(0, 99f));
        HostTensor copy = x.copy();
        copy.floatView().put(0, 99f);
        assertEquals(99f, copy.toFloatArray()[0]);
        assertEquals(3f, Safetensors.read(f).tensor("x").toFloatArray()[0]);
    }

    @Test
    void rejectsInvalidFilesWithReasons() throws IOException {
        String ok = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        byte[] eight = new byte[8];
        expectInvalid(write("short.safetensors", ok, new byte[4]), "file holds 4 (truncated)");
        expectInvalid(write("long.safetensors", ok, new byte[12]), "unexpected trailing bytes");
        expectInvalid(write("dtype.safetensors", ok.replace("F32", "F8_E4M3"), eight), "unsupported dtype F8_E4M3");
        expectInvalid(write("size.safetensors", ok.replace("[2]", "[3]"), eight), "needs 12 bytes");
        expectInvalid(write("gap.safetensors", ok.replace("[0,8]", "[4,12]"), new byte[12]), "contiguous");
        expectInvalid(write("overlap.safetensors",
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", eight), "contiguous");
        expectInvalid(write("dup.safetensors", "{\"a\":1,\"a\":2}", new byte[0]), "not valid JSON");
        expectInvalid(write("json.safetensors", "{\"a\":", new byte[0]), "not valid JSON");
        expectInvalid(write("meta.safetensors", "{\"__metadata__\":{\"k\":1}}", new byte[0]), "metadata value 'k'");
        expectInvalid(write("fields.safetensors", "{\"a\":{\"dtype\":\"F32\"}}", new byte[0]), "data_offsets");
        expectInvalid(write("neg.safetensors", ok.replace("[2]", "[-2]"), eight), "invalid shape");
        expectInvalid(write("array.safetensors", "[1,2]", new byte[0]), "does not start with '{'");

        Path hugeLen = tmp.resolve("len.safetensors");
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1_000_000).putLong(0);
        Files.write(hugeLen, b.array());
        expectInvalid(hugeLen, "header length 1000000 is impossible");
        Path tiny = tmp.resolve("tiny.safetensors");
        Files.write(tiny, new byte[3]);
        expectInvalid(tiny, "too short");
    }

    @Test
    void truncatedCopiesOfAWrittenFileAreRejected() throws IOException {
        Path f = tmp.resolve("full.safetensors");
        Safetensors.write(f, NpyFilesTest.sampleTensors(), Map.of("a", "b"));
        byte[] all = Files.readAllBytes(f);
        for (int cut : new int[] {0, 7, 8, 20, all.length / 2, all.length - 1}) {
            Path t = tmp.resolve("cut" + cut + ".safetensors");
            Files.write(t, Arrays.copyOf(all, cut));
            TensorFileException e = assertThrows(TensorFileException.class, () -> Safetensors.read(t), "cut " + cut);
            assertTrue(e.getMessage().startsWith(t.toString()), e.getMessage());
        }
    }

    @Test
    void writeReplacesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
        Path f = tmp.resolve("ckpt.safetensors");
        Safetensors.write(f, Map.of("v", HostTensor.ofFloats(new long[] {1}, 1f)), Map.of());
        Safetensors.write(f, Map.of("v", HostTensor.ofFloats(new long[] {1}, 2f)), Map.of());
        assertEquals(2f, Safetensors.read(f).tensor("v").toFloatArray()[0]);
        assertEquals(List.of(f), listDir());

        byte[] before = Files.readAllBytes(f);
        IOException crash = assertThrows(IOException.class, () -> AtomicFiles.write(f, ch -> {
            ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            throw new IOException("disk full");
        }));
        assertEquals("disk full", crash.getMessage());
        assertArrayEquals(before, Files.readAllBytes(f), "the old file survives a failed write");
        assertEquals(List.of(f), listDir(), "the temporary file is removed");
    }

    @Test
    void metadataNameIsReserved() {
        assertThrows(IllegalArgumentException.class, () -> Safetensors.write(tmp.resolve("x.safetensors"),
                Map.of("__metadata__", HostTensor.scalar(1f)), Map.of()));
    }

    private List<Path> listDir() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.toList();
        }
    }

    private Path write(String name, String json, byte[] data) throws IOException {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        Path f = tmp.resolve(name);
        Files.write(f, b.array());
        return f;
    }

    private static void expectInvalid(Path f, String fragment) {
        TensorFileException e = assertThrows(TensorFileException.class, () -> Safetensors.read(f), f.toString());
        assertTrue(e.getMessage().startsWith(f + ": invalid safetensors file"), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
