package org.vlbert.data.regions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.arrow.memory.util.Float16;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.data.DataException;
import org.vlbert.data.arrow.MappedArrowFile;
import org.vlbert.data.convert.BadInputException;
import org.vlbert.data.convert.ConversionOptions;
import org.vlbert.data.convert.ConversionReport;
import org.vlbert.data.schema.FileKind;
import org.vlbert.data.testutil.Butd;

class RegionConverterTest {
    private static final int DIM = 16;
    private static final RegionConverter.Settings SETTINGS = new RegionConverter.Settings(DIM, false, null);

    @TempDir
    Path dir;

    @Test
    void tsvRoundTripGivesBackEveryValue() throws IOException {
        int[] counts = {10, 3, 7};
        String[] lines = new String[counts.length];
        for (int i = 0; i < counts.length; i++) {
            lines[i] = Butd.tsvLine("" + (42 + i), 640 + i, 480 - i, Butd.boxes(counts[i], 640, 480, i),
                    Butd.features(counts[i], DIM, 100 + i));
        }
        Path tsv = write("feats.tsv", lines);
        Path out = dir.resolve("regions.arrow");
        // tiny batches: every image lands in its own record batch
        ConversionReport report = RegionConverter.fromTsv(List.of(tsv), out, SETTINGS,
                ConversionOptions.defaults().withBatchBytes(1));
        assertEquals(3, report.rows());
        assertEquals(Files.size(out), report.bytes());
        assertTrue(report.summary().startsWith("wrote 3 rows ("), report.summary());
        try (MappedArrowFile f = MappedArrowFile.open(out, FileKind.REGIONS)) {
            assertEquals(3, f.batchCount(), "one record batch per image, so rows below span batches");
        }

        try (RegionFeatures rf = RegionFeatures.open(out)) {
            assertEquals(3, rf.size());
            assertEquals(DIM, rf.featureDim());
            for (int i = 0; i < counts.length; i++) {
                Region r = rf.get(i);
                assertEquals("" + (42 + i), r.imageId());
                assertEquals(640 + i, r.width());
                assertEquals(480 - i, r.height());
                assertEquals(counts[i], r.numBoxes());
                assertArrayEquals(Butd.boxes(counts[i], 640, 480, i), boxes(r));
                assertArrayEquals(Butd.features(counts[i], DIM, 100 + i), features(r));
                assertTrue(r.features().isDirect(), "zero-copy view of the mapped file");
                assertNull(r.imageBoxFeature());
                assertNull(r.classScores());
            }
            assertEquals(1, rf.indexOf("43"));
            assertEquals(-1, rf.indexOf("99"));
        }
    }

    @Test
    void float16StorageKeepsHalfPrecisionValues() throws IOException {
        float[] feats = Butd.features(5, DIM, 7);
        Path tsv = write("f.tsv", Butd.tsvLine("1", 100, 100, Butd.boxes(5, 100, 100, 1), feats));
        Path out = dir.resolve("r16.arrow");
        RegionConverter.fromTsv(List.of(tsv), out, new RegionConverter.Settings(DIM, true, null),
                ConversionOptions.defaults());
        try (RegionFeatures rf = RegionFeatures.open(out)) {
            assertTrue(rf.fp16());
            Region r = rf.get(0);
            for (int i = 0; i < feats.length; i++) {
                assertEquals(Float16.toFloat(Float16.toFloat16(feats[i])), r.feature(i / DIM, i % DIM));
            }
            assertEquals(5 * DIM * 2, r.features().remaining());
        }
    }

    @Test
    void wrongBase64LengthNamesFileAndLine() throws IOException {
        String good = Butd.tsvLine("1", 100, 100, Butd.boxes(2, 100, 100, 1), Butd.features(2, DIM, 1));
        String shortFeatures = "2\t100\t100\t2\t" + Butd.b64(Butd.boxes(2, 100, 100, 2)) + "\t"
                + Butd.b64(Butd.features(1, DIM, 2));
        Path tsv = write("bad.tsv", good, shortFeatures);
        Path out = dir.resolve("out.arrow");
        BadInputException e = assertThrows(BadInputException.class,
                () -> RegionConverter.fromTsv(List.of(tsv), out, SETTINGS, ConversionOptions.defaults()));
        assertEquals(tsv + ":2: features: base64 decodes to " + DIM * 4 + " bytes, expected " + 2 * DIM * 4
                + " (2 boxes × " + DIM + " float32)", e.getMessage());
        assertFalse(Files.exists(out), "no output after a failure");
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("bad.tsv"), s.map(p -> p.getFileName().toString()).toList(), "no partial file left");
        }
    }

    @Test
    void skipBadCountsAndReportsEveryKindOfBadLine() throws IOException {
        String good1 = Butd.tsvLine("1", 100, 100, Butd.boxes(2, 100, 100, 1), Butd.features(2, DIM, 1));
        String missingField = "2\t100\t100\t2\t" + Butd.b64(Butd.boxes(2, 100, 100, 2));
        String badInt = "3\t100\tabc\t2\t" + Butd.b64(Butd.boxes(2, 100, 100, 2)) + "\t" + Butd.b64(Butd.features(2, DIM, 2));
        String badB64 = "4\t100\t100\t1\t!!!!\t" + Butd.b64(Butd.features(1, DIM, 2));
        String nanBox = Butd.tsvLine("5", 100, 100, new float[] {0, 0, Float.NaN, 3}, Butd.features(1, DIM, 3));
        String good2 = Butd.tsvLine("6", 50, 60, Butd.boxes(3, 50, 60, 9), Butd.features(3, DIM, 9));
        Path tsv = write("mixed.tsv", good1, missingField, badInt, badB64, nanBox, good2);
        ConversionReport report = RegionConverter.fromTsv(List.of(tsv), dir.resolve("o.arrow"), SETTINGS,
                ConversionOptions.defaults().withSkipBad(true));
        assertEquals(2, report.rows());
        assertEquals(4, report.skipped());
        assertEquals(List.of(
                tsv + ":2: expected 6 tab-separated fields (image_id,image_w,image_h,num_boxes,boxes,features), found 5",
                tsv + ":3: image_h: not an integer: 'abc'",
                tsv + ":4: boxes: base64 decodes to 0 bytes, expected 16 (1 boxes × 4 float32)",
                tsv + ":5: boxes: box 0 has a non-finite coordinate NaN"), report.skippedExamples());
        assertTrue(report.summary().endsWith(", skipped 4 bad records"), report.summary());
        try (RegionFeatures rf = RegionFeatures.open(dir.resolve("o.arrow"))) {
            assertEquals("6", rf.get(1).imageId());
        }
    }

    @Test
    void headerLineSelectsLxmertStyleFieldsWithLabels() throws IOException {
        float[] boxes = Butd.boxes(2, 300, 200, 3);
        float[] feats = Butd.features(2, DIM, 3);
        String header = "img_id\timg_h\timg_w\tobjects_id\tobjects_conf\tattrs_id\tattrs_conf\tnum_boxes\tboxes\tfeatures";
        String line = "COCO_val2014_000000000042\t200\t300\t" + Butd.b64Long(5, 1599) + "\t" + Butd.b64(0.9f, 0.5f)
                + "\t" + Butd.b64Long(0, 400) + "\t" + Butd.b64(0.25f, 0.125f) + "\t2\t" + Butd.b64(boxes) + "\t"
                + Butd.b64(feats);
        Path tsv = write("lx.tsv", header, line);
        Path out = dir.resolve("lx.arrow");
        RegionConverter.fromTsv(List.of(tsv), out, SETTINGS, ConversionOptions.defaults());
        try (RegionFeatures rf = RegionFeatures.open(out)) {
            Region r = rf.get(0);
            assertEquals("COCO_val2014_000000000042", r.imageId());
            assertEquals(300, r.width());
            assertEquals(200, r.height());
            assertArrayEquals(new int[] {5, 1599}, r.classLabels());
            assertArrayEquals(new float[] {0.9f, 0.5f}, r.classConfidences());
            assertArrayEquals(new int[] {0, 400}, r.attrLabels());
            assertArrayEquals(new float[] {0.25f, 0.125f}, r.attrConfidences());
            assertArrayEquals(boxes, boxes(r));
        }
    }

    @Test
    void perImageJsonWithClassesAttrsAndImageBoxFeatureFromDirectoryAndZip() throws IOException {
        Path jsonDir = Files.createDirectories(dir.resolve("trainval"));
        float[] cls = {0.1f, 0.7f, 0.2f, 0.3f, 0.3f, 0.4f};
        float[] attrs = {1, 0, 0, 1};
        float[] imageBox = Butd.features(1, DIM, 55);
        float[] boxes = Butd.boxes(2, 100, 80, 4);
        float[] feats = Butd.features(2, DIM, 4);
        String json = "{\"image_id\": 9, \"image_h\": 80, \"image_w\": 100, \"num_boxes\": 2,"
                + " \"boxes\": \"" + Butd.b64(boxes) + "\", \"features\": \"" + wrap76(Butd.b64(feats)) + "\","
                + " \"classes\": \"" + Butd.b64(cls) + "\", \"attrs\": \"" + Butd.b64(attrs) + "\","
                + " \"image_box_feature\": \"" + Butd.b64(imageBox) + "\"}";
        Files.writeString(jsonDir.resolve("9.json"), json);
        Path out = dir.resolve("json.arrow");
        RegionConverter.fromJson(jsonDir, out, SETTINGS, ConversionOptions.defaults());
        checkJsonImage(out, cls, attrs, imageBox, boxes, feats);

        Path zip = dir.resolve("trainval.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("trainval/9.json"));
            z.write(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            z.closeEntry();
        }
        Path out2 = dir.resolve("zip.arrow");
        RegionConverter.fromJson(zip, out2, SETTINGS, ConversionOptions.defaults());
        checkJsonImage(out2, cls, attrs, imageBox, boxes, feats);
    }

    @Test
    void malformedJsonFileIsNamed() throws IOException {
        Path jsonDir = Files.createDirectories(dir.resolve("bad"));
        Files.writeString(jsonDir.resolve("1.json"), "{\"image_id\": 1,\n \"num_boxes\": }");
        BadInputException e = assertThrows(BadInputException.class, () -> RegionConverter.fromJson(jsonDir,
                dir.resolve("x.arrow"), SETTINGS, ConversionOptions.defaults()));
        assertTrue(e.getMessage().startsWith(jsonDir.resolve("1.json") + ":2: malformed JSON"), e.getMessage());
    }

    @Test
    void readerRejectsOtherFileKindsAndNonArrowFiles() throws IOException {
        Path notArrow = write("x.arrow", "hello");
        DataException e = assertThrows(DataException.class, () -> RegionFeatures.open(notArrow));
        assertTrue(e.getMessage().startsWith(notArrow + ": not a readable Arrow IPC file"), e.getMessage());
        DataException missing = assertThrows(DataException.class, () -> RegionFeatures.open(dir.resolve("nope.arrow")));
        assertEquals(dir.resolve("nope.arrow") + ": no such file", missing.getMessage());
    }

    private void checkJsonImage(Path out, float[] cls, float[] attrs, float[] imageBox, float[] boxes, float[] feats) {
        try (RegionFeatures rf = RegionFeatures.open(out)) {
            Region r = rf.get(0);
            assertEquals("9", r.imageId());
            assertEquals(100, r.width());
            assertEquals(80, r.height());
            assertEquals(3, r.classScoreDim());
            assertEquals(0.7f, r.classScore(0, 1));
            assertEquals(0.4f, r.classScore(1, 2));
            assertEquals(2, r.attrScoreDim());
            assertEquals(1f, r.attrScore(1, 1));
            for (int d = 0; d < DIM; d++) {
                assertEquals(imageBox[d], r.imageBoxFeature(d));
            }
            assertArrayEquals(boxes, boxes(r));
            assertArrayEquals(feats, features(r));
        }
    }

    /** Python's base64.encodebytes style: newline every 76 characters. */
    private static String wrap76(String b64) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < b64.length(); i += 76) {
            sb.append(b64, i, Math.min(b64.length(), i + 76)).append("\\n");
        }
        return sb.toString();
    }

    private static float[] boxes(Region r) {
        float[] out = new float[r.numBoxes() * 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = r.box(i / 4, i % 4);
        }
        return out;
    }

    private static float[] features(Region r) {
        float[] out = new float[r.numBoxes() * r.featureDim()];
        for (int i = 0; i < out.length; i++) {
            out[i] = r.feature(i / r.featureDim(), i % r.featureDim());
        }
        return out;
    }

    private Path write(String name, String... lines) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream o = Files.newOutputStream(p)) {
            o.write((String.join("\n", lines) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return p;
    }
}
