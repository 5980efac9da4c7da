package org.vlbert.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * numpy's .npy (format versions 1, 2 and 3; little-endian, C order) and .npz (zip of .npy
 * members, stored or deflated) files as {@link HostTensor}s.
 */
public final class NpyFiles {
    private static final String NPY_SUFFIX = ".npy";

    private NpyFiles() {}

    public static HostTensor readNpy(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return readNpy(ch, file, null);
        }
    }

    /** All members of an .npz file in archive order, keyed by member name without ".npy". */
    public static Map<String, HostTensor> readNpz(Path file) throws IOException {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        try (ZipFile zip = openZip(file)) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory()) {
                    continue;
                }
                String name = e.getName();
                if (!name.endsWith(NPY_SUFFIX)) {
                    throw new TensorFileException(file, "member '" + name + "' is not an .npy array",
                            "An .npz file must contain only .npy members (as written by numpy.savez)");
                }
                String key = name.substring(0, name.length() - NPY_SUFFIX.length());
                try (InputStream in = zip.getInputStream(e)) {
                    out.put(key, readNpy(Channels.newChannel(in), file, name));
                } catch (ZipException | EOFException ex) {
                    throw new TensorFileException(file, "member '" + name + "' is corrupt: " + ex.getMessage(),
                            "Re-create the archive", ex);
                }
            }
        }
        return out;
    }

    public static void writeNpy(Path file, HostTensor tensor) throws IOException {
        byte[] header = new NpyHeader(tensor.dtype(), tensor.shape()).encode();
        AtomicFiles.write(file, ch -> {
            LittleEndianData.writeFully(ch, ByteBuffer.wrap(header));
            LittleEndianData.writeFully(ch, LittleEndianData.littleEndianBytes(tensor));
        });
    }

    /** Writes an .npz archive; {@code compress} selects deflate (numpy.savez_compressed) over stored (numpy.savez). */
    public static void writeNpz(Path file, Map<String, HostTensor> tensors, boolean compress) throws IOException {
        AtomicFiles.write(file, ch -> {
            OutputStream raw = Channels.newOutputStream(ch);
            ZipOutputStream zip = new ZipOutputStream(raw);
            for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
                writeMember(zip, e.getKey() + NPY_SUFFIX, e.getValue(), compress);
            }
            zip.finish();
            zip.flush();
        });
    }

    private static void writeMember(ZipOutputStream zip, String name, HostTensor t, boolean compress)
            throws IOException {
        byte[] header = new NpyHeader(t.dtype(), t.shape()).encode();
        byte[] data = new byte[Math.toIntExact(t.byteSize())];
        LittleEndianData.littleEndianBytes(t).get(data);
        ZipEntry entry = new ZipEntry(name);
        if (compress) {
            entry.setMethod(ZipEntry.DEFLATED);
        } else {
            CRC32 crc = new CRC32();
            crc.update(header);
            crc.update(data);
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(header.length + (long) data.length);
            entry.setCompressedSize(header.length + (long) data.length);
            entry.setCrc(crc.getValue());
        }
        zip.putNextEntry(entry);
        zip.write(header);
        zip.write(data);
        zip.closeEntry();
    }

    private static ZipFile openZip(Path file) throws IOException {
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new TensorFileException(file, "not a readable .npz (zip) archive, or truncated (" + e.getMessage() + ")",
                    "Check that the file was copied completely and was written by numpy.savez");
        }
    }

    /** Reads one array from the channel, which must end right after the data. */
    static HostTensor readNpy(ReadableByteChannel in, Path file, String member) throws IOException {
        String where = member == null ? "" : "member '" + member + "': ";
        ByteBuffer pre = readExactly(in, 8, file, where + "file ends inside the .npy preamble");
        for (int i = 0; i < NpyHeader.MAGIC.length; i++) {
            if (pre.get(i) != NpyHeader.MAGIC[i]) {
                throw new TensorFileException(file, where + "not an .npy file (missing the \\x93NUMPY magic)",
                        "Expected a file written by numpy.save");
            }
        }
        int major = pre.get(6);
        int headerLen;
        if (major == 1) {
            ByteBuffer len = readExactly(in, 2, file, where + "file ends inside the .npy preamble");
            headerLen = (len.get(0) & 0xff) | (len.get(1) & 0xff) << 8;
        } else if (major == 2 || major == 3) {
            ByteBuffer len = readExactly(in, 4, file, where + "file ends inside the .npy preamble");
            headerLen = len.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
            if (headerLen < 0 || headerLen > (1 << 24)) {
                throw new TensorFileException(file, where + "implausible .npy header length " + headerLen,
                        "The file is corrupt");
            }
        } else {
            throw new TensorFileException(file, where + "unsupported .npy format version " + major + "." + pre.get(7),
                    "Supported versions are 1.0, 2.0 and 3.0");
        }
        ByteBuffer hb = readExactly(in, headerLen, file, where + "file ends inside the .npy header");
        byte[] hbytes = new byte[headerLen];
        hb.get(hbytes);
        String text = new String(hbytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyHeader header;
        long bytes;
        try {
            header = NpyHeader.parse(text);
            bytes = Math.multiplyExact(HostTensor.numel(header.shape()), (long) header.dtype().byteSize());
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new TensorFileException(file, where + e.getMessage(), null);
        }
        if (bytes > Integer.MAX_VALUE) {
            throw new TensorFileException(file, where + "array of " + bytes + " bytes exceeds the 2 GiB limit of one tensor",
                    "Split the array into several files");
        }
        ByteBuffer data = HostTensor.allocateDirect(bytes);
        int got = readFully(in, data);
        if (got < bytes) {
            throw new TensorFileException(file, where + "truncated: the header announces " + bytes + " data bytes for "
                    + header.dtype().numpyName() + Arrays.toString(header.shape()) + " but only " + got
                    + " follow", "The file is incomplete; copy or regenerate it");
        }
        if (readFully(in, ByteBuffer.allocate(1)) > 0) {
            throw new TensorFileException(file, where + "unexpected bytes after the " + bytes + " data bytes",
                    "The file is corrupt or not a plain .npy array");
        }
        data.clear();
        LittleEndianData.toNativeInPlace(data, header.dtype());
        return new HostTensor(header.dtype(), header.shape(), data);
    }

    private static ByteBuffer readExactly(ReadableByteChannel in, int n, Path file, String problem) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        if (readFully(in, b) < n) {
            throw new TensorFileException(file, problem + " (truncated)", "The file is incomplete; copy or regenerate it");
        }
        b.flip();
        return b;
    }

    private static int readFully(ReadableByteChannel in, ByteBuffer dst) throws IOException {
        int total = 0;
        while (dst.hasRemaining()) {
            int r = in.read(dst);
            if (r < 0) {
                break;
            }
            total += r;
        }
        return total;
    }
}
