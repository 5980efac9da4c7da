package org.vlbert.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;
import org.vlbert.graphs.tensor.DType;

/**
 * The pickle machine of net.razorvine:pickle, adapted to PyTorch checkpoints:
 * <ul>
 *   <li>dicts keep insertion order (the library builds HashMaps, which would scramble the
 *       state-dict order);</li>
 *   <li>globals are resolved per unpickler ({@code torch._utils._rebuild_tensor_v2}, storage
 *       types, {@code collections.OrderedDict}, ...) instead of through the library's global
 *       registry; unknown classes become {@link PythonObject}s;</li>
 *   <li>length fields are checked against the bytes left before anything is allocated, so a
 *       corrupt file yields an error instead of an OutOfMemoryError.</li>
 * </ul>
 * Persistent ids (storages) are handed to a {@link PersistentLoader} supplied by the file format.
 */
final class TorchUnpickler extends Unpickler {
    /** Turns a persistent-id tuple into the object it stands for (usually a storage view). */
    interface PersistentLoader {
        Object load(Object[] pid);
    }

    /** Decodes the argument of {@code torch.storage._load_from_bytes}: a complete legacy torch.save stream. */
    interface BytesLoader {
        Object load(byte[] legacyStream);
    }

    /** A {@code torch.*Storage} class reference; {@code dtype} is null for types we do not read. */
    record StorageType(String qualifiedName, DType dtype) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            throw new PickleException(qualifiedName + " objects cannot be constructed by the pickle stream");
        }
    }

    private record PythonClass(String qualifiedName) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            return new PythonObject(qualifiedName, args);
        }
    }

    private final BoundedInput source;
    private final PersistentLoader persistentLoader;
    private final BytesLoader bytesLoader;

    TorchUnpickler(BoundedInput source, PersistentLoader persistentLoader, BytesLoader bytesLoader) {
        this.source = source;
        this.persistentLoader = persistentLoader;
        this.bytesLoader = bytesLoader;
    }

    /** Reads one pickle from the source stream. */
    Object loadNext() throws IOException {
        return load(source);
    }

    @Override
    protected Object dispatch(short key) throws IOException {
        switch (key) {
            case Opcodes.EMPTY_DICT -> stack.add(new LinkedHashMap<Object, Object>());
            case Opcodes.DICT -> {
                Map<Object, Object> map = new LinkedHashMap<>();
                putPairs(map, stack.pop_all_since_marker());
                stack.add(map);
            }
            case Opcodes.SETITEMS -> {
                List<Object> items = stack.pop_all_since_marker();
                putPairs(asMap(stack.peek()), items);
            }
            case Opcodes.SETITEM -> {
                Object value = stack.pop();
                Object k = stack.pop();
                asMap(stack.peek()).put(k, value);
            }
            case Opcodes.GLOBAL -> {
                String module = PickleUtils.readline(source);
                String name = PickleUtils.readline(source);
                stack.add(resolveGlobal(module, name));
            }
            case Opcodes.STACK_GLOBAL -> {
                Object name = stack.pop();
                Object module = stack.pop();
                if (!(name instanceof String n) || !(module instanceof String m)) {
                    throw new PickleException("STACK_GLOBAL needs two strings");
                }
                stack.add(resolveGlobal(m, n));
            }
            case Opcodes.BUILD -> build();
            case Opcodes.BINUNICODE -> stack.add(utf8(readCounted(readLength(4, false))));
            case Opcodes.BINUNICODE8 -> stack.add(utf8(readCounted(readLength(8, false))));
            case Opcodes.BINSTRING -> stack.add(PickleUtils.rawStringFromBytes(readCounted(readLength(4, true))));
            case Opcodes.BINBYTES -> stack.add(readCounted(readLength(4, false)));
            case Opcodes.BINBYTES8, Opcodes.BYTEARRAY8 -> stack.add(readCounted(readLength(8, false)));
            case Opcodes.LONG4 -> stack.add(PickleUtils.decode_long(readCounted(readLength(4, true))));
            default -> {
                return super.dispatch(key);
            }
        }
        return NO_RETURN_VALUE;
    }

    @Override
    protected Object persistentLoad(Object pid) {
        if (!(pid instanceof Object[] tuple)) {
            throw new PickleException("persistent id is not a tuple: " + TorchValues.describe(pid));
        }
        return persistentLoader.load(tuple);
    }

    private long readLength(int width, boolean signed) throws IOException {
        byte[] b = PickleUtils.readbytes(source, width);
        long v = 0;
        for (int i = width - 1; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xff);
        }
        if (signed && width == 4) {
            v = (int) v;
        }
        if (v < 0 || v > source.remaining()) {
            throw new PickleException("length field " + v + " exceeds the " + source.remaining() + " bytes left");
        }
        return v;
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private byte[] readCounted(long n) throws IOException {
        return PickleUtils.readbytes(source, (int) n);
    }

    private static void putPairs(Map<Object, Object> map, List<Object> items) {
        if (items.size() % 2 != 0) {
            throw new PickleException("odd number of items for a dict");
        }
        for (int i = 0; i < items.size(); i += 2) {
            map.put(items.get(i), items.get(i + 1));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> asMap(Object o) {
        if (!(o instanceof Map<?, ?>)) {
            throw new PickleException("dict item assignment on a " + TorchValues.describe(o));
        }
        return (Map<Object, Object>) o;
    }

    private void build() {
        Object state = stack.pop();
        Object target = stack.peek();
        if (target instanceof PythonObject p) {
            p.setState(state);
        } else if (!(target instanceof Map<?, ?>)) {
            // A dict's BUILD state is its attribute dict (OrderedDict._metadata of a state dict: module
            // versions we do not need); anything else would be a type we do not model.
            throw new PickleException("cannot apply pickled state to a " + TorchValues.describe(target));
        }
    }

    private Object resolveGlobal(String module, String name) {
        String qualified = module + "." + name;
        switch (qualified) {
            case "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor" -> {
                return (IObjectConstructor) TorchUnpickler::rebuildTensor;
            }
            case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state" -> {
                return (IObjectConstructor) args -> {
                    if (args.length < 1 || !(args[0] instanceof TorchTensor)) {
                        throw new PickleException(qualified + " expects a tensor argument");
                    }
                    return args[0];
                };
            }
            case "torch._tensor._rebuild_from_type_v2" -> {
                return (IObjectConstructor) args -> {
                    if (args.length < 3 || !(args[0] instanceof IObjectConstructor f) || !(args[2] instanceof Object[] a)) {
                        throw new PickleException("malformed " + qualified + " arguments");
                    }
                    return f.construct(a);
                };
            }
            case "collections.OrderedDict" -> {
                return (IObjectConstructor) TorchUnpickler::orderedDict;
            }
            case "torch.Size" -> {
                return (IObjectConstructor) args -> args.length == 0 ? new Object[0] : args[0];
            }
            case "torch.storage._load_from_bytes" -> {
                return (IObjectConstructor) args -> {
                    if (args.length != 1 || !(args[0] instanceof byte[] bytes)) {
                        throw new PickleException(qualified + " expects one bytes argument");
                    }
                    return bytesLoader.load(bytes);
                };
            }
            default -> {
                if (module.equals("torch") && name.endsWith("Storage")) {
                    return new StorageType(qualified, storageDtype(name));
                }
                IObjectConstructor builtin = objectConstructors.get(qualified);
                return builtin != null ? builtin : new PythonClass(qualified);
            }
        }
    }

    static DType storageDtype(String storageClass) {
        return switch (storageClass) {
            case "FloatStorage" -> DType.FLOAT;
            case "DoubleStorage" -> DType.DOUBLE;
            case "HalfStorage" -> DType.FLOAT16;
            case "BFloat16Storage" -> DType.BFLOAT16;
            case "LongStorage" -> DType.INT64;
            case "IntStorage" -> DType.INT32;
            case "CharStorage" -> DType.INT8;
            case "ByteStorage" -> DType.UINT8;
            case "BoolStorage" -> DType.BOOL;
            default -> null;
        };
    }

    private static Object orderedDict(Object[] args) {
        Map<Object, Object> map = new LinkedHashMap<>();
        if (args.length == 1 && args[0] instanceof List<?> pairs) {
            for (Object p : pairs) {
                Object[] kv = p instanceof Object[] a ? a : p instanceof List<?> l ? l.toArray() : null;
                if (kv == null || kv.length != 2) {
                    throw new PickleException("OrderedDict item is not a pair");
                }
                map.put(kv[0], kv[1]);
            }
        } else if (args.length != 0) {
            throw new PickleException("unsupported OrderedDict arguments");
        }
        return map;
    }

    /** {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])}. */
    private static Object rebuildTensor(Object[] args) {
        if (args.length < 4 || !(args[0] instanceof TorchStorage.View view) || !(args[1] instanceof Number offset)
                || !(args[2] instanceof Object[] size) || !(args[3] instanceof Object[] stride)) {
            throw new PickleException("malformed tensor record: expected (storage, offset, size, stride, ...) but got "
                    + TorchValues.describeArgs(args));
        }
        boolean requiresGrad = args.length > 4 && Boolean.TRUE.equals(args[4]);
        return new TorchTensor(view, offset.longValue(), longs(size, "size"), longs(stride, "stride"), requiresGrad);
    }

    private static long[] longs(Object[] values, String what) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] instanceof Number n)) {
                throw new PickleException("tensor " + what + " holds a non-integer " + TorchValues.describe(values[i]));
            }
            out[i] = n.longValue();
        }
        return out;
    }
}
