package org.vlbert.io;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * The zip checkpoint format of torch.save since PyTorch 1.6: {@code <prefix>/data.pkl} (the
 * object, pickle protocol 2) whose persistent ids {@code ('storage', StorageType, key, location,
 * numel)} name raw little-endian storage records {@code <prefix>/data/<key>}; optional
 * {@code <prefix>/byteorder} ("little"/"big") and {@code <prefix>/version} records.
 */
final class TorchZipFormat {
    private static final String PICKLE_NAME = "data.pkl";

    private TorchZipFormat() {}

    static TorchCheckpoint read(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String prefix = findPrefix(zip, file);
            boolean bigEndian = isBigEndian(zip, prefix, file);
            ZipEntry pklEntry = zip.getEntry(prefix + PICKLE_NAME);
            byte[] pkl = readEntry(zip, pklEntry, file);
            Map<String, TorchStorage> storages = new LinkedHashMap<>();
            BoundedInput in = new BoundedInput(new ByteArrayInputStream(pkl), pkl.length);
            TorchUnpickler unpickler = new TorchUnpickler(in, pid -> storageFor(pid, storages, file),
                    bytes -> TorchLegacyFormat.readEmbeddedStorage(bytes, file));
            Object root = TorchCheckpointReader.unpickle(unpickler, in, file, "object pickle " + prefix + PICKLE_NAME);
            for (TorchStorage s : storages.values()) {
                loadStorage(zip, prefix + "data/" + s.key(), s, bigEndian, file);
            }
            return new TorchCheckpoint(file, TorchCheckpoint.Format.ZIP, root);
        } catch (ZipException | EOFException e) {
            throw new CheckpointFormatException(file, "truncated or corrupt zip archive (" + e.getMessage() + ")",
                    "The file is incomplete or damaged (interrupted download or copy?); obtain it again", e);
        }
    }

    /** The archive's top folder: the one holding data.pkl (torch names it after the file). */
    private static String findPrefix(ZipFile zip, Path file) {
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            String name = entries.nextElement().getName();
            int slash = name.indexOf('/');
            if (slash > 0 && name.substring(slash + 1).equals(PICKLE_NAME)) {
                return name.substring(0, slash + 1);
            }
        }
        throw new CheckpointFormatException(file, "zip archive without a <name>/" + PICKLE_NAME + " record",
                "This zip file is not a PyTorch checkpoint written by torch.save");
    }

    private static boolean isBigEndian(ZipFile zip, String prefix, Path file) throws IOException {
        ZipEntry e = zip.getEntry(prefix + "byteorder");
        if (e == null) {
            return false;
        }
        String order = new String(readEntry(zip, e, file), StandardCharsets.US_ASCII).trim();
        if (order.equals("little") || order.equals("big")) {
            return order.equals("big");
        }
        throw new CheckpointFormatException(file, "unknown byteorder record '" + order + "'",
                "Expected 'little' or 'big'; the file is damaged");
    }

    private static TorchStorage.View storageFor(Object[] pid, Map<String, TorchStorage> storages, Path file) {
        if (pid.length != 5 || !"storage".equals(pid[0]) || !(pid[2] instanceof String key)
                || !(pid[4] instanceof Number numel)) {
            throw new CheckpointFormatException(file, "unexpected persistent id " + TorchValues.describeArgs(pid),
                    "Expected ('storage', type, key, location, numel) as written by torch.save since PyTorch 1.6");
        }
        TorchUnpickler.StorageType type = TorchCheckpointReader.storageType(pid[1], file);
        long count = TorchCheckpointReader.declaredNumel(numel, key, file);
        TorchStorage s = storages.computeIfAbsent(key, k -> new TorchStorage(k, type.dtype(), count));
        if (s.dtype() != type.dtype() || s.numel() != count) {
            throw new CheckpointFormatException(file, "storage '" + key + "' is referenced with two different types or sizes",
                    "The file is damaged or was written by an unsupported PyTorch version");
        }
        return s.whole();
    }

    private static void loadStorage(ZipFile zip, String name, TorchStorage s, boolean bigEndian, Path file)
            throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new CheckpointFormatException(file, "storage record '" + name + "' is missing from the archive",
                    "The file is incomplete or damaged; obtain it again");
        }
        if (e.getSize() != s.byteSize()) {
            throw new CheckpointFormatException(file, "storage record '" + name + "' holds " + e.getSize()
                    + " bytes but the pickle declares " + s.numel() + " " + s.dtype().numpyName() + " elements ("
                    + s.byteSize() + " bytes)", "The file is damaged; obtain it again");
        }
        if (s.byteSize() > Integer.MAX_VALUE) {
            throw new CheckpointFormatException(file, "storage '" + name + "' of " + s.byteSize()
                    + " bytes exceeds the 2 GiB limit of one buffer", "Split the tensor before saving");
        }
        ByteBuffer data = HostTensor.allocateDirect(s.byteSize());
        try (InputStream in = zip.getInputStream(e); ReadableByteChannel ch = Channels.newChannel(in)) {
            while (data.hasRemaining()) {
                if (ch.read(data) < 0) {
                    throw new CheckpointFormatException(file, "storage record '" + name + "' ends early",
                            "The file is damaged; obtain it again");
                }
            }
        }
        data.clear();
        if (bigEndian == LittleEndianData.NATIVE_IS_LITTLE) {
            LittleEndianData.swapInPlace(data, s.dtype().byteSize());
        }
        s.setData(data);
    }

    private static byte[] readEntry(ZipFile zip, ZipEntry e, Path file) throws IOException {
        if (e.getSize() > Integer.MAX_VALUE) {
            throw new CheckpointFormatException(file, "record '" + e.getName() + "' is larger than 2 GiB",
                    "This reader does not support such files");
        }
        try (InputStream in = zip.getInputStream(e)) {
            return in.readAllBytes();
        }
    }
}
