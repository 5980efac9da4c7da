package org.vlbert.data.refcoco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.data.DataException;
import org.vlbert.data.convert.BadInputException;
import org.vlbert.data.convert.ConversionOptions;
import org.vlbert.data.convert.ConversionReport;
import org.vlbert.data.load.Dataset;
import org.vlbert.data.testutil.Py2Pickle;
import org.vlbert.data.testutil.SimpleTokenizer;

class RefcocoConverterTest {
    // man=104 on=105 left=106 right=107 the=108 café=109 dog=110
    private static final SimpleTokenizer TOK = SimpleTokenizer.withWords("man", "on", "left", "right", "the", "café", "dog");
    private static final RefcocoConverter.Settings SETTINGS = new RefcocoConverter.Settings(TOK, null);

    @TempDir
    Path dir;

    private static Map<String, Object> sentence(int id, String raw, String... tokens) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("tokens", List.of(tokens));
        s.put("raw", raw);
        s.put("sent_id", id);
        s.put("sent", String.join(" ", tokens));
        return s;
    }

    private static Map<String, Object> ref(int refId, int annId, int imageId, String split, List<Object> sentences) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("sent_ids", List.of(0));
        r.put("file_name", "COCO_train2014_" + imageId + "_" + annId + ".jpg");
        r.put("ann_id", annId);
        r.put("ref_id", refId);
        r.put("image_id", imageId);
        r.put("split", split);
        r.put("sentences", sentences);
        r.put("category_id", 1);
        return r;
    }

    private Path files(List<Object> refs) throws IOException {
        Files.write(dir.resolve("refs(unc).p"), Py2Pickle.dumps(refs));
        Files.writeString(dir.resolve("instances.json"), """
                {"images": [
                  {"id": 1, "width": 640, "height": 480, "file_name": "COCO_train2014_000000000001.jpg"},
                  {"id": 2, "width": 500, "height": 375, "file_name": "COCO_train2014_000000000002.jpg"},
                  {"id": 3, "width": 10, "height": 10, "file_name": "unused.jpg"}],
                 "annotations": [
                  {"id": 11, "image_id": 1, "bbox": [10.5, 20, 100, 50.25], "category_id": 1, "segmentation": [[1, 2, 3]]},
                  {"id": 31, "image_id": 3, "bbox": [0, 0, 1, 1], "category_id": 5},
                  {"id": 12, "image_id": 1, "bbox": [300, 200, 40, 40], "category_id": 18},
                  {"id": 21, "image_id": 2, "bbox": [1, 2, 3, 4], "category_id": 1}],
                 "categories": [{"id": 1, "name": "person"}]}
                """);
        Files.writeString(dir.resolve("dets.json"), """
                [{"det_id": 1, "image_id": 1, "category_id": 1, "box": [5, 6, 7, 8], "score": 0.9},
                 {"det_id": 2, "image_id": 3, "category_id": 1, "box": [0, 0, 2, 2], "score": 0.8},
                 {"det_id": 3, "image_id": 1, "category_id": 18, "box": [290, 190, 60, 50], "score": 0.7}]
                """);
        return dir.resolve("refs(unc).p");
    }

    @Test
    void roundTripJoinsRefsWithCocoBoxesAndDetections() throws IOException {
        List<Object> refs = new ArrayList<>();
        refs.add(ref(0, 11, 1, "train", List.of(sentence(0, "The man on the LEFT", "the", "man", "on", "the", "left"),
                sentence(1, "Café man", "café", "man"))));
        refs.add(ref(1, 12, 1, "testA", List.of(sentence(2, "dog", "dog"))));
        refs.add(ref(2, 21, 2, "testB", List.of(sentence(3, "right man", "right", "man"))));
        Path pickle = files(refs);
        Path out = dir.resolve("refcoco.arrow");
        ConversionReport report = RefcocoConverter.convert(pickle, dir.resolve("instances.json"), dir.resolve("dets.json"),
                out, SETTINGS, ConversionOptions.defaults());
        assertEquals(3, report.rows());
        try (RefcocoRefs r = RefcocoRefs.open(out)) {
            assertEquals(106, r.leftId());
            assertEquals(107, r.rightId());
            RefcocoRef first = r.get(0);
            assertEquals(0, first.refId());
            assertEquals(11, first.annId());
            assertEquals("1", first.imageId());
            assertEquals("train", first.split());
            assertEquals(1, first.categoryId());
            assertEquals("COCO_train2014_1_11.jpg", first.fileName());
            assertEquals(640, first.imageWidth());
            assertEquals(480, first.imageHeight());
            assertArrayEquals(new float[] {10.5f, 20, 110.5f, 70.25f}, first.gtBox());
            assertEquals(2, first.sentences().size());
            RefSentence s0 = first.sentences().get(0);
            assertEquals("The man on the LEFT", s0.raw());
            assertEquals("the man on the left", s0.sent());
            assertEquals(List.of("the", "man", "on", "the", "left"), s0.tokens());
            assertArrayEquals(new int[] {108, 104, 105, 108, 106}, s0.ids());
            assertEquals("Café man", first.sentences().get(1).raw(), "Python 2 UTF-8 byte strings are decoded");
            assertArrayEquals(new int[] {109, 104}, first.sentences().get(1).ids());
            assertEquals(2, first.gtBoxes().length, "all annotations of image 1, in file order");
            assertArrayEquals(new float[] {300, 200, 340, 240}, first.gtBoxes()[1]);
            assertEquals(2, first.proposalBoxes().length);
            assertArrayEquals(new float[] {5, 6, 12, 14}, first.proposalBoxes()[0]);
            assertArrayEquals(new float[] {290, 190, 350, 240}, first.proposalBoxes()[1]);
            assertEquals(0, r.get(2).proposalBoxes().length, "image 2 has no detections");

            assertEquals(2, r.expressions("train").size(), "one entry per sentence");
            Dataset<RefcocoRefs.Expression> test = r.expressions("test");
            assertEquals(2, test.size());
            assertEquals("dog", test.get(0).text().raw());
            assertEquals(1, r.expressions("testB").size());
            assertEquals(3, r.expressions("train+testA").size());
            assertThrows(IllegalArgumentException.class, () -> r.expressions("dev"));
        }
    }

    @Test
    void withoutDetectionsProposalsAreNull() throws IOException {
        Path pickle = files(List.of(ref(0, 21, 2, "val", List.of(sentence(0, "man", "man")))));
        Path out = dir.resolve("r.arrow");
        RefcocoConverter.convert(pickle, dir.resolve("instances.json"), null, out, SETTINGS, ConversionOptions.defaults());
        try (RefcocoRefs r = RefcocoRefs.open(out)) {
            assertNull(r.get(0).proposalBoxes());
            assertArrayEquals(new float[] {1, 2, 4, 6}, r.get(0).gtBox());
        }
    }

    @Test
    void refsWithMissingFieldsOrUnknownAnnotationsAreReported() throws IOException {
        Map<String, Object> noAnn = ref(5, 11, 1, "train", List.of(sentence(0, "man", "man")));
        noAnn.remove("ann_id");
        Path pickle = files(List.of(noAnn, ref(6, 99, 1, "train", List.of()), ref(7, 11, 42, "train", List.of()),
                ref(8, 11, 1, "val", List.of(sentence(0, "man", "man")))));
        ConversionReport r = RefcocoConverter.convert(pickle, dir.resolve("instances.json"), null, dir.resolve("o.arrow"),
                SETTINGS, ConversionOptions.defaults().withSkipBad(true));
        assertEquals(1, r.rows());
        assertEquals(List.of(pickle + ": refs[0]: 'ann_id' must be an integer, got null",
                pickle + ": refs[1] (ref_id 6): ann_id 99 is not in " + dir.resolve("instances.json"),
                pickle + ": refs[2] (ref_id 7): image_id 42 is not in " + dir.resolve("instances.json")),
                r.skippedExamples());
        assertThrows(BadInputException.class, () -> RefcocoConverter.convert(pickle, dir.resolve("instances.json"), null,
                dir.resolve("o2.arrow"), SETTINGS, ConversionOptions.defaults()));
    }

    @Test
    void aFileThatIsNotAPickleIsRejected() throws IOException {
        Path bad = dir.resolve("refs.p");
        Files.writeString(bad, "not a pickle");
        DataException e = assertThrows(DataException.class, () -> RefcocoConverter.convert(bad,
                dir.resolve("instances.json"), null, dir.resolve("o.arrow"), SETTINGS, ConversionOptions.defaults()));
        assertEquals(bad + ": not a readable pickle", e.getMessage().substring(0, e.getMessage().indexOf(" (")));
    }

    @Test
    void python2ByteStringsAreDecodedOnlyWhenTheyAreUtf8() {
        assertEquals("café", PickledRefs.py2("caf\u00c3\u00a9"));
        assertEquals("caf\u00e9", PickledRefs.py2("caf\u00e9"), "a lone latin-1 byte is not UTF-8: unchanged");
        assertEquals("plain", PickledRefs.py2("plain"));
    }
}
