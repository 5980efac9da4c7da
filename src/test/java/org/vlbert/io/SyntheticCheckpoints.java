package org.vlbert.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Assembles torch.save files (zip and legacy layout) from hand-written pickles. */
final class SyntheticCheckpoints {
    private SyntheticCheckpoints() {}

    /** A zip checkpoint {@code archive/data.pkl} + {@code archive/data/<key>} + extra records. */
    static Path zip(Path file, byte[] pickle, Map<String, byte[]> storages, Map<String, byte[]> extraRecords)
            throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            stored(zip, "archive/data.pkl", pickle);
            for (Map.Entry<String, byte[]> e : extraRecords.entrySet()) {
                stored(zip, "archive/" + e.getKey(), e.getValue());
            }
            for (Map.Entry<String, byte[]> e : storages.entrySet()) {
                stored(zip, "archive/data/" + e.getKey(), e.getValue());
            }
        }
        return file;
    }

    /** A legacy stream: magic, protocol 1001, sys_info, the object pickle, the key list, the storages. */
    static byte[] legacy(byte[] objectPickle, Map<String, byte[]> storages, Map<String, Integer> elementSizes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new PickleBytes().proto().bigInteger(new BigInteger("1950a86a20f9469cfc6c", 16)).stop()
                .toByteArray());
        out.writeBytes(new PickleBytes().proto().integer(1001).stop().toByteArray());
        out.writeBytes(new PickleBytes().proto().emptyDict().mark().str("protocol_version").integer(1001)
                .str("little_endian").bool(true).setItems().stop().toByteArray());
        out.writeBytes(objectPickle);
        PickleBytes keys = new PickleBytes().proto().emptyList().mark();
        storages.keySet().forEach(keys::str);
        out.writeBytes(keys.appends().stop().toByteArray());
        storages.forEach((k, data) -> {
            out.writeBytes(PickleBytes.le(data.length / elementSizes.get(k), 8));
            out.writeBytes(data);
        });
        return out.toByteArray();
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }
}
