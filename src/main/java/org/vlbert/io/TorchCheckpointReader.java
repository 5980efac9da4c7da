package org.vlbert.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * Reads PyTorch checkpoints ({@code torch.save} files such as VL-BERT {@code .model} files and
 * BERT {@code pytorch_model.bin}) without Python: the zip format (PyTorch 1.6+) and the legacy
 * format (PyTorch 0.4 to 1.5, e.g. the released VL-BERT checkpoints).
 *
 * <p>Every problem with the file's content is reported as a {@link CheckpointFormatException};
 * {@link IOException} is left for the operating system's errors (missing file, permissions).
 */
public final class TorchCheckpointReader {
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    private TorchCheckpointReader() {}

    public static TorchCheckpoint read(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(4);
        }
        if (head.length == 0) {
            throw new CheckpointFormatException(file, "the file is empty", "Obtain the checkpoint again");
        }
        if (startsWith(head, ZIP_MAGIC)) {
            return TorchZipFormat.read(file);
        }
        if ((head[0] & 0xff) == 0x80) { // pickle PROTO opcode: a legacy torch.save stream starts with one
            return TorchLegacyFormat.read(file);
        }
        throw notACheckpoint(file);
    }

    /** Shorthand for {@code read(file).stateDict()}. */
    public static Map<String, HostTensor> readStateDict(Path file)
            throws IOException {
        return read(file).stateDict();
    }

    static CheckpointFormatException notACheckpoint(Path file) {
        String first = "";
        try (InputStream in = Files.newInputStream(file)) {
            first = " (starts with " + HexFormat.ofDelimiter(" ").formatHex(in.readNBytes(8)) + ")";
        } catch (IOException ignored) {
            // the message is complete without the first bytes
        }
        return new CheckpointFormatException(file, "not a PyTorch checkpoint: neither a torch.save zip archive nor a "
                + "legacy torch.save stream" + first,
                "Pass a file written by torch.save (a VL-BERT .model file or a BERT pytorch_model.bin)");
    }

    /** Runs one pickle and turns every failure of the stream into a CheckpointFormatException. */
    static Object unpickle(TorchUnpickler unpickler, BoundedInput in, Path file, String what) {
        try {
            return unpickler.loadNext();
        } catch (CheckpointFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) { // PickleException, ClassCast, stack underflow ...
            if (in.remaining() == 0) {
                throw new CheckpointFormatException(file, "truncated: the data ends inside the " + what + " (after "
                        + in.position() + " bytes)",
                        "The file is incomplete (interrupted download or copy?); obtain it again", e);
            }
            throw new CheckpointFormatException(file, "corrupt " + what + " near byte " + in.position() + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()),
                    "The file is damaged or not a PyTorch checkpoint", e);
        }
    }

    static TorchUnpickler.StorageType storageType(Object ref, Path file) {
        if (!(ref instanceof TorchUnpickler.StorageType type)) {
            throw new CheckpointFormatException(file, "storage reference names a " + TorchValues.describe(ref)
                    + " instead of a torch storage type", "The file is damaged");
        }
        if (type.dtype() == null) {
            throw new CheckpointFormatException(file, "uses storage type " + type.qualifiedName()
                    + ", which this reader does not support",
                    "Supported: Float, Double, Half, BFloat16, Long, Int, Char, Byte and Bool storages; convert the "
                            + "tensor (e.g. .float()) and save again");
        }
        return type;
    }

    /** The element count a persistent id declares for storage {@code key}, checked to fit one buffer. */
    static long declaredNumel(Number numel, String key, Path file) {
        long count = numel.longValue();
        if (count < 0 || count > Integer.MAX_VALUE) {
            throw new CheckpointFormatException(file, "storage '" + key + "' declares " + numel + " elements",
                    "The file is damaged, or holds a storage above the 2 GiB limit of one buffer");
        }
        return count;
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
