package org.vlbert.io;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * The legacy (pre-1.6, non-zip) torch.save stream: pickles of the magic number, the protocol
 * version (1001) and a sys-info dict, then the object pickle whose persistent ids are
 * {@code ('storage', StorageType, root_key, location, numel, view_metadata)}, then a pickled list
 * of storage keys, then for each key the storage as an 8-byte little-endian element count
 * followed by the raw little-endian elements.
 */
final class TorchLegacyFormat {
    static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final int PROTOCOL_VERSION = 1001;

    private TorchLegacyFormat() {}

    static TorchCheckpoint read(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            BoundedInput in = new BoundedInput(raw, Files.size(file));
            Object root = readStream(in, file);
            return new TorchCheckpoint(file, TorchCheckpoint.Format.LEGACY, root);
        }
    }

    /** {@code torch.storage._load_from_bytes}: a storage pickled as a complete legacy stream. */
    static Object readEmbeddedStorage(byte[] stream, Path file) {
        try {
            return readStream(new BoundedInput(new ByteArrayInputStream(stream), stream.length), file);
        } catch (IOException e) {
            throw new CheckpointFormatException(file, "embedded storage cannot be read: " + e.getMessage(),
                    "The file is damaged", e);
        }
    }

    private static Object readStream(BoundedInput in, Path file) throws IOException {
        TorchUnpickler plain = new TorchUnpickler(in, pid -> {
            throw new CheckpointFormatException(file, "unexpected persistent id in a header pickle",
                    "The file is damaged");
        }, bytes -> readEmbeddedStorage(bytes, file));
        Object magic = TorchCheckpointReader.unpickle(plain, in, file, "magic number");
        if (!(magic instanceof Number n) || !new BigInteger(n.toString()).equals(MAGIC)) {
            throw TorchCheckpointReader.notACheckpoint(file);
        }
        Object protocol = TorchCheckpointReader.unpickle(plain, in, file, "protocol version");
        if (!(protocol instanceof Number p) || p.intValue() != PROTOCOL_VERSION) {
            throw new CheckpointFormatException(file, "unsupported legacy protocol version " + protocol,
                    "Only version " + PROTOCOL_VERSION + " (PyTorch 0.4 to 1.5) is supported");
        }
        Object sysInfo = TorchCheckpointReader.unpickle(plain, in, file, "sys_info record");
        if (sysInfo instanceof Map<?, ?> info && Boolean.FALSE.equals(info.get("little_endian"))) {
            throw new CheckpointFormatException(file, "written on a big-endian machine",
                    "Re-save it on a little-endian machine (x86/ARM)");
        }
        Map<String, TorchStorage> roots = new LinkedHashMap<>();
        Map<String, TorchStorage.View> views = new HashMap<>();
        TorchUnpickler main = new TorchUnpickler(in, pid -> legacyPersistent(pid, roots, views, file),
                bytes -> readEmbeddedStorage(bytes, file));
        Object root = TorchCheckpointReader.unpickle(main, in, file, "object pickle");
        Object keys = TorchCheckpointReader.unpickle(plain, in, file, "storage key list");
        if (!(keys instanceof List<?> keyList)) {
            throw new CheckpointFormatException(file, "the storage key list is a " + TorchValues.describe(keys),
                    "The file is damaged");
        }
        int index = 0;
        for (Object k : keyList) {
            index++;
            TorchStorage s = roots.get(String.valueOf(k));
            if (s == null) {
                throw new CheckpointFormatException(file, "storage key '" + k + "' is listed but no tensor uses it",
                        "The file is damaged");
            }
            readStorage(in, s, index, keyList.size(), file);
        }
        for (TorchStorage s : roots.values()) {
            if (!s.isLoaded()) {
                throw new CheckpointFormatException(file, "storage '" + s.key() + "' is used but its data is missing",
                        "The file is damaged");
            }
        }
        return root;
    }

    private static Object legacyPersistent(Object[] pid, Map<String, TorchStorage> roots,
            Map<String, TorchStorage.View> views, Path file) {
        if (pid.length > 0 && "module".equals(pid[0])) {
            // ('module', class, source file, source): a pickled nn.Module's source code; keep it opaque
            return new PythonObject("torch.nn.Module source", pid);
        }
        if (pid.length != 6 || !"storage".equals(pid[0]) || !(pid[2] instanceof String key)
                || !(pid[4] instanceof Number numel)) {
            throw new CheckpointFormatException(file, "unexpected persistent id " + TorchValues.describeArgs(pid),
                    "Expected ('storage', type, key, location, numel, view) as written by torch.save before PyTorch 1.6");
        }
        TorchUnpickler.StorageType type = TorchCheckpointReader.storageType(pid[1], file);
        long count = TorchCheckpointReader.declaredNumel(numel, key, file);
        TorchStorage root = roots.computeIfAbsent(key, k -> new TorchStorage(k, type.dtype(), count));
        if (pid[5] == null) {
            return root.whole();
        }
        if (!(pid[5] instanceof Object[] view) || view.length != 3 || !(view[1] instanceof Number off)
                || !(view[2] instanceof Number size)) {
            throw new CheckpointFormatException(file, "malformed storage view " + TorchValues.describe(pid[5]),
                    "The file is damaged");
        }
        if (off.longValue() < 0 || size.longValue() < 0 || off.longValue() + size.longValue() > root.numel()) {
            throw new CheckpointFormatException(file, "storage view [" + off + ", +" + size + ") exceeds storage '" + key
                    + "' of " + root.numel() + " elements", "The file is damaged");
        }
        return views.computeIfAbsent(String.valueOf(view[0]),
                v -> new TorchStorage.View(root, off.longValue(), size.longValue()));
    }

    private static void readStorage(BoundedInput in, TorchStorage s, int index, int count, Path file)
            throws IOException {
        String which = "storage " + index + " of " + count + " (key '" + s.key() + "')";
        byte[] head = in.readNBytes(8);
        if (head.length < 8) {
            throw truncated(file, which + " has no element count", in);
        }
        long numel = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (numel != s.numel()) {
            throw new CheckpointFormatException(file, which + " holds " + numel + " elements but the pickle declares "
                    + s.numel(), "The file is damaged; obtain it again");
        }
        long bytes = s.byteSize();
        if (bytes > in.remaining()) {
            throw truncated(file, which + " needs " + bytes + " bytes but only " + in.remaining() + " remain", in);
        }
        if (bytes > Integer.MAX_VALUE) {
            throw new CheckpointFormatException(file, which + " exceeds the 2 GiB limit of one buffer",
                    "Split the tensor before saving");
        }
        ByteBuffer data = HostTensor.allocateDirect(bytes);
        byte[] chunk = new byte[1 << 16];
        while (data.hasRemaining()) {
            int n = in.read(chunk, 0, Math.min(chunk.length, data.remaining()));
            if (n < 0) {
                throw truncated(file, which + " ends early", in);
            }
            data.put(chunk, 0, n);
        }
        data.clear();
        LittleEndianData.toNativeInPlace(data, s.dtype());
        s.setData(data);
    }

    private static CheckpointFormatException truncated(Path file, String what, BoundedInput in) {
        return new CheckpointFormatException(file, "truncated legacy checkpoint: " + what + " (at byte " + in.position()
                + " of " + in.length() + ")", "The file is incomplete (interrupted download or copy?); obtain it again");
    }
}
