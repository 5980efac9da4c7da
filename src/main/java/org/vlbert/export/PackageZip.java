package org.vlbert.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A package as one zip file: the package's files at the archive root. Models and tensors are
 * stored uncompressed (float weights barely compress, and stored entries can be read without
 * inflating); text files are deflated.
 */
final class PackageZip {
    private PackageZip() {}

    static void write(Path dir, List<String> files, Path zip) throws IOException {
        Path tmp = zip.resolveSibling("." + zip.getFileName() + ".tmp");
        try (OutputStream fo = Files.newOutputStream(tmp); ZipOutputStream out = new ZipOutputStream(fo)) {
            for (String name : files) {
                Path f = dir.resolve(name);
                ZipEntry e = new ZipEntry(name);
                if (stored(name)) {
                    e.setMethod(ZipEntry.STORED);
                    e.setSize(Files.size(f));
                    e.setCompressedSize(Files.size(f));
                    e.setCrc(crc(f));
                }
                out.putNextEntry(e);
                Files.copy(f, out);
                out.closeEntry();
            }
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, zip, StandardCopyOption.ATOMIC_MOVE);
    }

    private static boolean stored(String name) {
        return name.endsWith(".onnx") || name.endsWith(".data") || name.endsWith(".pb");
    }

    private static long crc(Path f) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(f)) {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                crc.update(buf, 0, n);
            }
        }
        return crc.getValue();
    }
}
