package org.vlbert.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * The safetensors format: an 8-byte little-endian header length N, N bytes of JSON
 * ({@code {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ...,
 * "__metadata__": {"k": "v"}}}, padded with spaces to a multiple of 8), then the tensor bytes
 * (little-endian, C order) with offsets relative to the end of the header.
 */
public final class Safetensors {
    /** The reference implementation refuses headers above 100 MB. */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    static final String METADATA_KEY = "__metadata__";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Safetensors() {}

    public static String dtypeName(DType t) {
        return switch (t) {
            case FLOAT -> "F32";
            case FLOAT16 -> "F16";
            case BFLOAT16 -> "BF16";
            case DOUBLE -> "F64";
            case INT64 -> "I64";
            case INT32 -> "I32";
            case UINT8 -> "U8";
            case INT8 -> "I8";
            case BOOL -> "BOOL";
        };
    }

    static DType dtypeOf(String name) {
        for (DType t : DType.values()) {
            if (dtypeName(t).equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** Reads and validates the header, then maps every tensor (see {@link SafetensorsFile} for lifetime). */
    public static SafetensorsFile read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw invalid(file, "file of " + size + " bytes is too short to hold the 8-byte header length");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0, file);
            long headerLen = lenBuf.getLong(0);
            if (headerLen < 2 || headerLen > MAX_HEADER_BYTES || headerLen > size - 8) {
                throw invalid(file, "header length " + Long.toUnsignedString(headerLen) + " is impossible for a file of "
                        + size + " bytes (truncated or not a safetensors file)");
            }
            ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
            readFully(ch, hb, 8, file);
            List<Entry> entries = new ArrayList<>();
            Map<String, String> metadata = new LinkedHashMap<>();
            parseHeader(file, new String(hb.array(), StandardCharsets.UTF_8), entries, metadata);
            long dataStart = 8 + headerLen;
            validateLayout(file, entries, size - dataStart);
            Map<String, HostTensor> tensors = new LinkedHashMap<>();
            for (Entry e : entries) {
                tensors.put(e.name, map(ch, e, dataStart));
            }
            return new SafetensorsFile(file, tensors, metadata);
        }
    }

    /**
     * Writes the tensors (in map order) atomically: temp file, fsync, rename. The metadata is
     * written with its keys sorted, so that the file's bytes do not depend on the iteration order
     * of the caller's map (Map.of's changes from one JVM to the next).
     */
    public static void write(Path file, Map<String, HostTensor> tensors, Map<String, String> metadata)
            throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject(METADATA_KEY);
            new TreeMap<>(metadata).forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
            String name = e.getKey();
            if (name.equals(METADATA_KEY)) {
                throw new IllegalArgumentException("'" + METADATA_KEY + "' cannot be used as a tensor name");
            }
            HostTensor t = e.getValue();
            ObjectNode info = header.putObject(name);
            info.put("dtype", dtypeName(t.dtype()));
            ArrayNode shape = info.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            info.putArray("data_offsets").add(offset).add(offset + t.byteSize());
            offset += t.byteSize();
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();
        AtomicFiles.write(file, ch -> {
            LittleEndianData.writeFully(ch, head);
            for (HostTensor t : tensors.values()) {
                LittleEndianData.writeFully(ch, LittleEndianData.littleEndianBytes(t));
            }
        });
    }

    private record Entry(String name, DType dtype, long[] shape, long begin, long end) {}

    private static void parseHeader(Path file, String text, List<Entry> entries, Map<String, String> metadata) {
        if (!text.startsWith("{")) {
            throw invalid(file, "header does not start with '{' (not a safetensors file)");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw invalid(file, "header is not valid JSON: " + e.getOriginalMessage());
        }
        if (!root.isObject()) {
            throw invalid(file, "header is not a JSON object");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = root.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String name = f.getKey();
            JsonNode v = f.getValue();
            if (name.equals(METADATA_KEY)) {
                if (!v.isObject()) {
                    throw invalid(file, "'" + METADATA_KEY + "' is not a JSON object of strings");
                }
                v.properties().forEach(m -> {
                    if (!m.getValue().isTextual()) {
                        throw invalid(file, "metadata value '" + m.getKey() + "' is not a string");
                    }
                    metadata.put(m.getKey(), m.getValue().asText());
                });
                continue;
            }
            entries.add(parseEntry(file, name, v));
        }
    }

    private static Entry parseEntry(Path file, String name, JsonNode v) {
        String where = "tensor '" + name + "'";
        if (!v.isObject() || !v.path("dtype").isTextual() || !v.path("shape").isArray()
                || !v.path("data_offsets").isArray() || v.path("data_offsets").size() != 2) {
            throw invalid(file, where + " needs \"dtype\" (string), \"shape\" (array) and \"data_offsets\" ([begin, end])");
        }
        String dtypeName = v.get("dtype").asText();
        DType dtype = dtypeOf(dtypeName);
        if (dtype == null) {
            throw invalid(file, where + " has unsupported dtype " + dtypeName
                    + " (supported: F32 F16 BF16 F64 I64 I32 U8 I8 BOOL)");
        }
        JsonNode shapeNode = v.get("shape");
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.canConvertToExactIntegral() || !d.canConvertToLong() || d.asLong() < 0) {
                throw invalid(file, where + " has an invalid shape " + shapeNode);
            }
            shape[i] = d.asLong();
        }
        JsonNode offsets = v.get("data_offsets");
        for (JsonNode o : offsets) {
            if (!o.canConvertToExactIntegral() || !o.canConvertToLong() || o.asLong() < 0) {
                throw invalid(file, where + " has invalid data_offsets " + offsets);
            }
        }
        return new Entry(name, dtype, shape, offsets.get(0).asLong(), offsets.get(1).asLong());
    }

    /** Tensors must tile the data area exactly: no gaps, no overlaps, sizes matching dtype and shape. */
    private static void validateLayout(Path file, List<Entry> entries, long dataBytes) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expectedBegin = 0;
        for (Entry e : sorted) {
            String where = "tensor '" + e.name + "'";
            if (e.begin != expectedBegin || e.end < e.begin) {
                throw invalid(file, where + " has data_offsets [" + e.begin + ", " + e.end + "] but the previous tensor "
                        + "ends at " + expectedBegin + " (offsets must be contiguous and non-overlapping)");
            }
            long expectedBytes;
            try {
                expectedBytes = Math.multiplyExact(HostTensor.numel(e.shape), (long) e.dtype.byteSize());
            } catch (ArithmeticException ex) {
                throw invalid(file, where + " has a shape too large to address: " + Arrays.toString(e.shape));
            }
            if (e.end - e.begin != expectedBytes) {
                throw invalid(file, where + " (" + dtypeName(e.dtype) + Arrays.toString(e.shape) + ") needs "
                        + expectedBytes + " bytes but data_offsets span " + (e.end - e.begin));
            }
            if (expectedBytes > Integer.MAX_VALUE) {
                throw invalid(file, where + " of " + expectedBytes + " bytes exceeds the 2 GiB limit of one tensor");
            }
            expectedBegin = e.end;
        }
        if (expectedBegin != dataBytes) {
            throw invalid(file, "the header describes " + expectedBegin + " data bytes but the file holds " + dataBytes
                    + (expectedBegin > dataBytes ? " (truncated)" : " (unexpected trailing bytes)"));
        }
    }

    private static HostTensor map(FileChannel ch, Entry e, long dataStart) throws IOException {
        long bytes = e.end - e.begin;
        if (bytes == 0) {
            return new HostTensor(e.dtype, e.shape, ByteBuffer.allocateDirect(0));
        }
        MappedByteBuffer mapped = ch.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin, bytes);
        if (LittleEndianData.NATIVE_IS_LITTLE) {
            return new HostTensor(e.dtype, e.shape, mapped);
        }
        ByteBuffer copy = HostTensor.allocateDirect(bytes);
        copy.put(mapped).clear();
        LittleEndianData.swapInPlace(copy, e.dtype.byteSize());
        return new HostTensor(e.dtype, e.shape, copy);
    }

    private static void readFully(FileChannel ch, ByteBuffer dst, long position, Path file) throws IOException {
        while (dst.hasRemaining()) {
            if (ch.read(dst, position + dst.position()) < 0) {
                throw invalid(file, "file ends inside the header");
            }
        }
    }

    private static TensorFileException invalid(Path file, String problem) {
        return new TensorFileException(file, "invalid safetensors file: " + problem,
                "Re-create the file (it is truncated, corrupt or was not written by a safetensors writer)");
    }
}
