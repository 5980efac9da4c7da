package org.vlbert.io;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * A loaded PyTorch checkpoint: the unpickled top-level object plus access to its state dict.
 *
 * <p>Python values map to Java as: dict/OrderedDict → {@code LinkedHashMap} (file order), list →
 * {@code List}, tuple → {@code Object[]}, str → {@code String}, int → {@code Integer}/{@code Long}/
 * {@code BigInteger}, float → {@code Double}, bool → {@code Boolean}, None → null, tensor →
 * {@link TorchTensor}, other classes → {@link PythonObject}.
 *
 * <p>All storages are read into memory when the checkpoint is loaded, so nothing stays open.
 * Contiguous tensors are views of their storage: tensors that share a storage in the file (tied
 * weights such as the MLM decoder and the word embeddings) share memory here too.
 */
public final class TorchCheckpoint {
    public enum Format {
        /** torch.save since PyTorch 1.6 (a zip archive). */
        ZIP,
        /** torch.save before PyTorch 1.6 (a sequence of pickles and raw storages). */
        LEGACY
    }

    private static final String STATE_DICT_KEY = "state_dict";

    private final Path file;
    private final Format format;
    private final Object root;

    TorchCheckpoint(Path file, Format format, Object root) {
        this.file = file;
        this.format = format;
        this.root = root;
    }

    public Path file() {
        return file;
    }

    public Format format() {
        return format;
    }

    /** The top-level object as unpickled (see the class comment for the type mapping). */
    public Object root() {
        return root;
    }

    /** The keys of the top-level dict (e.g. state_dict, optimizer, validation_monitor), in file order. */
    public List<String> topLevelKeys() {
        List<String> keys = new ArrayList<>();
        for (Object k : topLevel().keySet()) {
            keys.add(String.valueOf(k));
        }
        return Collections.unmodifiableList(keys);
    }

    /** One entry of the top-level dict, or null if absent. */
    public Object get(String key) {
        return topLevel().get(key);
    }

    /**
     * The model weights in file order. VL-BERT {@code .model} layout: the top-level dict's
     * {@code state_dict} entry. BERT {@code pytorch_model.bin} layout: the top-level dict itself,
     * when every value is a tensor. Keys are returned unchanged (a DDP checkpoint keeps its
     * {@code module.} prefix).
     */
    public Map<String, HostTensor> stateDict() {
        Map<?, ?> dict = stateDictObject();
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : dict.entrySet()) {
            if (!(e.getKey() instanceof String name)) {
                throw new CheckpointFormatException(file, "state dict key " + TorchValues.describe(e.getKey())
                        + " is not a string", "This is not a model state dict");
            }
            if (!(e.getValue() instanceof TorchTensor t)) {
                throw new CheckpointFormatException(file, "state dict entry '" + name + "' is a "
                        + TorchValues.describe(e.getValue()) + ", not a dense tensor",
                        "Only dense CPU-loadable tensors are supported; save the state dict of plain tensors");
            }
            out.put(name, tensor(t, name));
        }
        return out;
    }

    /** A contiguous host copy (or view, when already contiguous) of a tensor of this checkpoint. */
    public HostTensor tensor(TorchTensor t, String name) {
        long[] shape = t.shape();
        long[] stride = t.stride();
        if (shape.length != stride.length) {
            throw bad(name, "has " + shape.length + " dimensions but " + stride.length + " strides");
        }
        long numel;
        try {
            numel = HostTensor.numel(shape);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw bad(name, "has an invalid shape " + Arrays.toString(shape));
        }
        DType dtype = t.dtype();
        if (numel == 0) {
            return HostTensor.allocate(dtype, shape);
        }
        int es = dtype.byteSize();
        if (numel > Integer.MAX_VALUE / es) {
            throw bad(name, "of shape " + Arrays.toString(shape) + " exceeds the 2 GiB limit of one tensor");
        }
        long last = t.elementOffset();
        try {
            for (int i = 0; i < shape.length; i++) {
                if (stride[i] < 0) {
                    throw bad(name, "has a negative stride " + Arrays.toString(stride));
                }
                last = Math.addExact(last, Math.multiplyExact(shape[i] - 1, stride[i]));
            }
        } catch (ArithmeticException e) {
            throw bad(name, "has strides " + Arrays.toString(stride) + " that address beyond any storage");
        }
        long limit = Math.min(t.elementLimit(), t.storage().numel());
        if (t.elementOffset() < 0 || last >= limit) {
            throw bad(name, "(shape " + Arrays.toString(shape) + ", stride " + Arrays.toString(stride) + ", offset "
                    + t.elementOffset() + ") reads element " + last + " but its storage '" + t.storageKey() + "' has only "
                    + limit);
        }
        ByteBuffer storage = t.storage().data();
        if (isContiguous(shape, stride)) {
            return new HostTensor(dtype, shape, storage.slice((int) (t.elementOffset() * es), (int) (numel * es)));
        }
        return new HostTensor(dtype, shape, gather(storage, t.elementOffset(), shape, stride, es, numel));
    }

    private Map<?, ?> topLevel() {
        if (!(root instanceof Map<?, ?> map)) {
            throw new CheckpointFormatException(file, "the top-level object is a " + TorchValues.describe(root)
                    + ", not a dict", "Expected a dict as saved by VL-BERT or a BERT pytorch_model.bin");
        }
        return map;
    }

    private Map<?, ?> stateDictObject() {
        Map<?, ?> top = topLevel();
        if (top.containsKey(STATE_DICT_KEY)) {
            Object sd = top.get(STATE_DICT_KEY);
            if (sd instanceof Map<?, ?> m) {
                return m;
            }
            throw new CheckpointFormatException(file, "its 'state_dict' entry is a " + TorchValues.describe(sd)
                    + ", not a dict", "The checkpoint is not a VL-BERT model checkpoint");
        }
        boolean allTensors = !top.isEmpty();
        for (Object v : top.values()) {
            allTensors &= v instanceof TorchTensor;
        }
        if (allTensors) {
            return top;
        }
        throw new CheckpointFormatException(file, "holds no state dict: the top-level dict has keys " + topLevelKeys()
                + " but no 'state_dict' entry, and its values are not all tensors",
                "Expected a VL-BERT .model checkpoint (with 'state_dict') or a plain state dict such as BERT's "
                        + "pytorch_model.bin");
    }

    private CheckpointFormatException bad(String name, String what) {
        return new CheckpointFormatException(file, "tensor '" + name + "' " + what, "The file is damaged");
    }

    static boolean isContiguous(long[] shape, long[] stride) {
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    /** Copies a strided view into a fresh row-major buffer, one element at a time. */
    private static ByteBuffer gather(ByteBuffer src, long offset, long[] shape, long[] stride, int es, long numel) {
        ByteBuffer dst = HostTensor.allocateDirect(numel * es);
        int rank = shape.length;
        long[] index = new long[rank];
        long srcElem = offset;
        for (long n = 0; n < numel; n++) {
            int from = (int) (srcElem * es);
            for (int b = 0; b < es; b++) {
                dst.put(src.get(from + b));
            }
            for (int d = rank - 1; d >= 0; d--) {
                index[d]++;
                srcElem += stride[d];
                if (index[d] < shape[d]) {
                    break;
                }
                srcElem -= index[d] * stride[d];
                index[d] = 0;
            }
        }
        return dst.clear();
    }
}
