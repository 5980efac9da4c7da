package org.vlbert.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.config.VlbertConfig;

/** predict refuses damaged or foreign packages before running anything, naming the file. */
class DamagedPackageTest {
    @TempDir
    static Path tmp;
    static Path data;
    static Path good;

    @BeforeAll
    static void exportOnce() throws IOException {
        data = TinyModels.demoData(tmp.resolve("demo"));
        VlbertConfig cfg = TinyModels.load("vqa", data);
        Path ckpt = TinyModels.checkpoint(cfg, tmp.resolve("w.safetensors"), 3);
        good = tmp.resolve("good");
        String[] r = TinyModels.cli(TinyModels.exportArgs("vqa", data, List.of(), ckpt, good));
        assertEquals("0", r[0], r[1] + r[2]);
    }

    /** A copy of the good package to damage. */
    private static Path copy(String name) throws IOException {
        Path dst = tmp.resolve(name);
        try (var s = Files.walk(good)) {
            for (Path p : s.toList()) {
                Path q = dst.resolve(good.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
        return dst;
    }

    private static String[] predict(Path pkg) {
        return TinyModels.cli("predict", "--package", pkg.toString(), "--features",
                data.resolve("regions.arrow").toString(), "--image-id", "1", "--question", "what color is the cube?");
    }

    private static void assertFails(Path pkg, String... fragments) {
        String[] r = predict(pkg);
        assertEquals("1", r[0], r[1] + r[2]);
        for (String f : fragments) {
            assertTrue(r[2].contains(f), "expected '" + f + "' in: " + r[2]);
        }
        assertTrue(r[1].isEmpty(), "nothing predicted: " + r[1]);
    }

    @Test
    void intactPackageRuns() {
        String[] r = predict(good);
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[1].startsWith("image 1: what color is the cube?\n  1. "), r[1]);
    }

    @Test
    void missingFileIsNamed() throws IOException {
        Path p = copy("missing");
        Files.delete(p.resolve("tokenizer.json"));
        assertFails(p, "is damaged", "tokenizer.json is missing");
    }

    @Test
    void changedFileFailsItsChecksum() throws IOException {
        Path p = copy("changed");
        byte[] vocab = Files.readAllBytes(p.resolve("vocab.txt"));
        vocab[vocab.length / 2] ^= 1;   // same size, different content
        Files.write(p.resolve("vocab.txt"), vocab);
        assertFails(p, "vocab.txt has SHA-256", "but the manifest says");
    }

    @Test
    void truncatedModelIsReportedAsTruncated() throws IOException {
        Path p = copy("truncated");
        try (FileChannel ch = FileChannel.open(p.resolve("model.onnx"), StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() / 2);
        }
        assertFails(p, "model.onnx has", "truncated or replaced");
    }

    @Test
    void newerFormatVersionIsRefused() throws IOException {
        Path p = copy("future");
        Path m = p.resolve("manifest.json");
        Files.writeString(m, Files.readString(m).replace("\"format_version\" : 1", "\"format_version\" : 2"));
        assertFails(p, "manifest.json", "format_version 2 is not supported");
    }

    @Test
    void folderWithoutManifestIsNotAPackage() throws IOException {
        Path p = Files.createDirectories(tmp.resolve("empty"));
        assertFails(p, "is not an inference package", "manifest.json");
    }

    @Test
    void truncatedZipIsNotReadable() throws IOException {
        Path zip = tmp.resolve("broken.zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("manifest.json"));
            z.write("{}".getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        byte[] bytes = Files.readAllBytes(zip);
        Files.write(zip, java.util.Arrays.copyOf(bytes, bytes.length - 30));
        assertFails(zip, "broken.zip is not a readable zip file");
    }
}
