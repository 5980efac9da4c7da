package org.vlbert.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * Named float32 tensors laid out back to back in a few large native-order direct buffers
 * (parameters, gradients, optimizer moments). One layout for all of them means gradient
 * clipping, all-reduce and checkpointing work chunk by chunk, and the ORT tensors over the
 * slices are created once and fed zero-copy every step. This class owns those tensors.
 */
public final class TensorSlab implements AutoCloseable {
    /** Largest chunk; a direct ByteBuffer cannot exceed 2 GiB. */
    static final long MAX_CHUNK_BYTES = 1L << 30;
    /** Source of {@link #zero()}; only ever read. */
    private static final byte[] ZEROS = new byte[1 << 16];

    /** Where one named tensor lives. */
    public record Slot(String name, long[] shape, int chunk, int offsetFloats, int numel) {}

    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private final List<ByteBuffer> chunks = new ArrayList<>();
    private final Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
    private boolean closed;

    /** Allocates a zero-filled slab for tensors of the given shapes (iteration order kept). */
    public TensorSlab(Map<String, long[]> shapes) {
        long chunkFloats = 0;
        List<Slot> pending = new ArrayList<>();
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            long n = HostTensor.numel(e.getValue());
            if (n * 4 > MAX_CHUNK_BYTES) {
                throw new IllegalArgumentException("tensor " + e.getKey() + " is larger than 1 GiB");
            }
            if ((chunkFloats + n) * 4 > MAX_CHUNK_BYTES) {
                chunks.add(allocate(chunkFloats));
                chunkFloats = 0;
            }
            pending.add(new Slot(e.getKey(), e.getValue().clone(), chunks.size(), (int) chunkFloats, (int) n));
            chunkFloats += n;
        }
        chunks.add(allocate(chunkFloats));
        for (Slot s : pending) {
            slots.put(s.name(), s);
        }
    }

    private static ByteBuffer allocate(long floats) {
        return ByteBuffer.allocateDirect((int) (floats * 4)).order(ByteOrder.nativeOrder());
    }

    /** A slab with the same names and shapes (e.g. gradients or moments of a parameter slab). */
    public TensorSlab sameLayout() {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        slots.values().forEach(s -> shapes.put(s.name(), s.shape()));
        return new TensorSlab(shapes);
    }

    public Map<String, Slot> slots() {
        return Collections.unmodifiableMap(slots);
    }

    public Slot slot(String name) {
        Slot s = slots.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no tensor named " + name);
        }
        return s;
    }

    public boolean contains(String name) {
        return slots.containsKey(name);
    }

    public long totalElements() {
        return slots.values().stream().mapToLong(Slot::numel).sum();
    }

    /** The whole chunk {@code i} as floats (for chunk-wise math and all-reduce). */
    public FloatBuffer chunk(int i) {
        return chunks.get(i).duplicate().order(ByteOrder.nativeOrder()).clear().asFloatBuffer();
    }

    public ByteBuffer chunkBytes(int i) {
        return chunks.get(i).duplicate().order(ByteOrder.nativeOrder()).clear();
    }

    public int chunkCount() {
        return chunks.size();
    }

    /** The floats of one tensor (a view; writes go to the slab). */
    public FloatBuffer floats(String name) {
        Slot s = slot(name);
        return chunk(s.chunk()).position(s.offsetFloats()).limit(s.offsetFloats() + s.numel()).slice();
    }

    /** A HostTensor view of one tensor (no copy). */
    public HostTensor view(String name) {
        Slot s = slot(name);
        ByteBuffer b = chunkBytes(s.chunk()).position(s.offsetFloats() * 4).limit((s.offsetFloats() + s.numel()) * 4)
                .slice().order(ByteOrder.nativeOrder());
        return new HostTensor(DType.FLOAT, s.shape(), b);
    }

    /** Copies {@code t} (float32 or float16, same element count) into the named slot. */
    public void set(String name, HostTensor t) {
        Slot s = slot(name);
        if (t.numel() != s.numel()) {
            throw new IllegalArgumentException("tensor " + name + ": expected " + java.util.Arrays.toString(s.shape())
                    + ", got " + java.util.Arrays.toString(t.shape()));
        }
        FloatBuffer dst = floats(name);
        if (t.dtype() == DType.FLOAT) {
            dst.put(t.floatView());
        } else {
            dst.put(t.toFloatArrayConverted());
        }
    }

    /** Copies every named tensor of {@code values} into its slot; all slots must be provided. */
    public void copyFromHost(Map<String, HostTensor> values) {
        for (String name : slots.keySet()) {
            HostTensor t = values.get(name);
            if (t == null) {
                throw new IllegalArgumentException("no value for tensor " + name);
            }
            set(name, t);
        }
    }

    /** Fills every tensor with zeros (once per update under gradient accumulation). */
    public void zero() {
        for (int i = 0; i < chunks.size(); i++) {
            ByteBuffer b = chunkBytes(i);
            while (b.hasRemaining()) {
                b.put(ZEROS, 0, Math.min(ZEROS.length, b.remaining()));
            }
        }
    }

    /** Copies all values from a slab of the same layout. */
    public void copyFrom(TensorSlab other) {
        for (int i = 0; i < chunks.size(); i++) {
            chunkBytes(i).put(other.chunkBytes(i));
        }
    }

    /** The ORT tensor over one slot, created on first use and reused (zero-copy). */
    public OnnxTensor tensor(String name) {
        if (closed) {
            throw new IllegalStateException("slab is closed");
        }
        return tensors.computeIfAbsent(name, n -> {
            Slot s = slot(n);
            try {
                return OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), floats(n), s.shape());
            } catch (OrtException e) {
                throw new IllegalStateException("cannot create tensor for " + n + ": " + e.getMessage(), e);
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        tensors.values().forEach(OnnxTensor::close);
        tensors.clear();
    }
}
