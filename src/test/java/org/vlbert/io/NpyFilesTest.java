package org.vlbert.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.Fp16;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.testutil.SharedFixtures;

class NpyFilesTest {
    @TempDir
    Path tmp;

    @Test
    void readsFixtureScalarsIntsMasks() throws IOException {
        HostTensor loss = NpyFiles.readNpy(SharedFixtures.reference("vqa_trainstep/loss_step1.npy"));
        assertEquals(DType.FLOAT, loss.dtype());
        assertArrayEquals(new long[0], loss.shape());
        assertEquals(67.74551391601562f, loss.toFloatArray()[0]);

        HostTensor q = NpyFiles.readNpy(SharedFixtures.reference("vqa/inputs/question.npy"));
        assertEquals(DType.INT64, q.dtype());
        assertArrayEquals(new long[] {4, 10}, q.shape());
        assertArrayEquals(new long[] {290, 126, 223, 506, 239, 109, 0, 0, 0, 0}, Arrays.copyOf(q.toLongArray(), 10));

        HostTensor textMask = NpyFiles.readNpy(SharedFixtures.reference("vqa/intermediates/vlbert_in_text_mask.npy"));
        assertEquals(DType.UINT8, textMask.dtype());
        assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0}, Arrays.copyOf(textMask.toLongArray(), 14));

        HostTensor objMask = NpyFiles.readNpy(SharedFixtures.reference("vqa/intermediates/vlbert_in_object_mask.npy"));
        assertEquals(DType.BOOL, objMask.dtype());
        assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 0, 0, 0, 0}, Arrays.copyOf(objMask.toLongArray(), 10));
    }

    @Test
    void writtenBytesEqualNumpysOwnFiles() throws IOException {
        for (String rel : List.of("vqa_trainstep/loss_step1.npy", "vqa/inputs/boxes.npy", "vqa/inputs/question.npy",
                "vqa/intermediates/vlbert_in_object_mask.npy", "vqa/intermediates/vlbert_in_text_mask.npy")) {
            Path original = SharedFixtures.reference(rel);
            Path copy = tmp.resolve("copy.npy");
            NpyFiles.writeNpy(copy, NpyFiles.readNpy(original));
            assertArrayEquals(Files.readAllBytes(original), Files.readAllBytes(copy), rel);
        }
    }

    @Test
    void readsNpzInArchiveOrder() throws IOException {
        Map<String, HostTensor> params = NpyFiles.readNpz(SharedFixtures.reference("vqa_trainstep/params_after_step1.npz"));
        List<String> expected = VqaParameters.names();
        assertEquals(expected, new ArrayList<>(params.keySet()));
        Map<String, long[]> shapes = VqaParameters.shapes();
        params.forEach((k, v) -> assertArrayEquals(shapes.get(k), v.shape(), k));
    }

    @Test
    void roundTripsEveryDtypeThroughNpyAndNpz() throws IOException {
        Map<String, HostTensor> tensors = sampleTensors();
        for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
            Path f = tmp.resolve(e.getKey() + ".npy");
            NpyFiles.writeNpy(f, e.getValue());
            assertEquals(0, (Files.size(f) - e.getValue().byteSize()) % 64, "header is 64-aligned");
            assertSameTensor(e.getValue(), NpyFiles.readNpy(f));
        }
        for (boolean compress : new boolean[] {false, true}) {
            Path npz = tmp.resolve("all-" + compress + ".npz");
            NpyFiles.writeNpz(npz, tensors, compress);
            Map<String, HostTensor> back = NpyFiles.readNpz(npz);
            assertEquals(new ArrayList<>(tensors.keySet()), new ArrayList<>(back.keySet()));
            tensors.forEach((k, v) -> assertSameTensor(v, back.get(k)));
        }
    }

    @Test
    void readsVersion2And3Headers() throws IOException {
        for (int version : new int[] {2, 3}) {
            String dict = "{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }";
            byte[] file = npyBytes(version, dict, new int[] {7, -8, 9});
            Path f = tmp.resolve("v" + version + ".npy");
            Files.write(f, file);
            HostTensor t = NpyFiles.readNpy(f);
            assertEquals(DType.INT32, t.dtype());
            assertArrayEquals(new long[] {7, -8, 9}, t.toLongArray());
        }
    }

    @Test
    void bfloat16CannotBeWrittenAsNpy() {
        HostTensor bf = HostTensor.allocate(DType.BFLOAT16, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NpyFiles.writeNpy(tmp.resolve("bf.npy"), bf));
        assertTrue(e.getMessage().contains("bfloat16"), e.getMessage());
    }

    @Test
    void rejectsFortranOrderBigEndianAndTrailingBytes() throws IOException {
        Path fortran = tmp.resolve("fortran.npy");
        Files.write(fortran, npyBytes(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (1, 1), }", new int[] {0}));
        assertMessage(fortran, "Fortran");

        Path big = tmp.resolve("big.npy");
        Files.write(big, npyBytes(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", new int[] {0}));
        assertMessage(big, "unsupported dtype '>f4'");

        Path trailing = tmp.resolve("trailing.npy");
        byte[] ok = npyBytes(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (1,), }", new int[] {5});
        Files.write(trailing, Arrays.copyOf(ok, ok.length + 3));
        assertMessage(trailing, "unexpected bytes after");

        Path notNpy = tmp.resolve("text.npy");
        Files.writeString(notNpy, "hello, this is not numpy");
        assertMessage(notNpy, "missing the \\x93NUMPY magic");
    }

    @Test
    void truncatedNpyNamesFileAndByteCounts() throws IOException {
        byte[] original = Files.readAllBytes(SharedFixtures.reference("vqa/inputs/boxes.npy"));
        Path cutData = tmp.resolve("cut-data.npy");
        Files.write(cutData, Arrays.copyOf(original, original.length - 100));
        TensorFileException e = assertMessage(cutData, "truncated");
        assertTrue(e.getMessage().contains("328320 data bytes"), e.getMessage());

        Path cutHeader = tmp.resolve("cut-header.npy");
        Files.write(cutHeader, Arrays.copyOf(original, 40));
        assertMessage(cutHeader, "ends inside the .npy header");

        Path cutPreamble = tmp.resolve("cut-preamble.npy");
        Files.write(cutPreamble, Arrays.copyOf(original, 5));
        assertMessage(cutPreamble, "preamble");
    }

    @Test
    void truncatedOrForeignNpzIsAClearError() throws IOException {
        byte[] original = Files.readAllBytes(SharedFixtures.reference("vqa_trainstep/params_after_step1.npz"));
        Path cut = tmp.resolve("cut.npz");
        Files.write(cut, Arrays.copyOf(original, original.length / 2));
        TensorFileException e = assertThrows(TensorFileException.class, () -> NpyFiles.readNpz(cut));
        assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());

        Path checkpoint = SharedFixtures.reference("vqa/ckpt_plain.model");
        TensorFileException notNpz = assertThrows(TensorFileException.class, () -> NpyFiles.readNpz(checkpoint));
        assertTrue(notNpz.getMessage().contains("is not an .npy array"), notNpz.getMessage());
    }

    static Map<String, HostTensor> sampleTensors() {
        Map<String, HostTensor> m = new LinkedHashMap<>();
        m.put("f32", HostTensor.ofFloats(new long[] {2, 3}, 1.5f, -2f, 0f, Float.NaN, Float.MIN_VALUE, 1e30f));
        m.put("scalar", HostTensor.scalar(-0.25f));
        m.put("i64", HostTensor.ofLongs(new long[] {3}, Long.MIN_VALUE, 0, Long.MAX_VALUE));
        HostTensor f64 = HostTensor.allocate(DType.DOUBLE, 2);
        f64.buffer().putDouble(0, Math.PI).putDouble(8, -1e300);
        m.put("f64", f64);
        HostTensor f16 = HostTensor.allocate(DType.FLOAT16, 2, 1);
        f16.buffer().putShort(0, Fp16.fromFloat(0.333f)).putShort(2, Fp16.fromFloat(-65504f));
        m.put("f16", f16);
        HostTensor i32 = HostTensor.allocate(DType.INT32, 2);
        i32.buffer().putInt(0, -7).putInt(4, Integer.MAX_VALUE);
        m.put("i32", i32);
        HostTensor u8 = HostTensor.allocate(DType.UINT8, 3);
        u8.buffer().put(0, (byte) 255).put(1, (byte) 0).put(2, (byte) 17);
        m.put("u8", u8);
        HostTensor i8 = HostTensor.allocate(DType.INT8, 2);
        i8.buffer().put(0, (byte) -128).put(1, (byte) 127);
        m.put("i8", i8);
        HostTensor bool = HostTensor.allocate(DType.BOOL, 2, 2);
        bool.buffer().put(0, (byte) 1).put(3, (byte) 1);
        m.put("bool", bool);
        m.put("empty", HostTensor.allocate(DType.FLOAT, 0, 4));
        return m;
    }

    static void assertSameTensor(HostTensor expected, HostTensor actual) {
        assertEquals(expected.dtype(), actual.dtype());
        assertArrayEquals(expected.shape(), actual.shape());
        byte[] a = new byte[(int) expected.byteSize()];
        byte[] b = new byte[(int) actual.byteSize()];
        expected.buffer().get(a);
        actual.buffer().get(b);
        assertArrayEquals(a, b);
    }

    private static TensorFileException assertMessage(Path file, String fragment) {
        TensorFileException e = assertThrows(TensorFileException.class, () -> NpyFiles.readNpy(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        return e;
    }

    private static byte[] npyBytes(int version, String dict, int[] values) {
        int lenBytes = version == 1 ? 2 : 4;
        byte[] h = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(8 + lenBytes + h.length + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
        if (version == 1) {
            b.putShort((short) h.length);
        } else {
            b.putInt(h.length);
        }
        b.put(h);
        for (int v : values) {
            b.putInt(v);
        }
        return b.array();
    }
}
