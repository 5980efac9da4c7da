package org.vlbert.data.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.data.convert.ConversionOptions;
import org.vlbert.data.demo.DemoVqaGenerator;
import org.vlbert.data.refcoco.RefcocoConverter;
import org.vlbert.data.refcoco.RefcocoRef;
import org.vlbert.data.refcoco.RefcocoRefs;
import org.vlbert.data.regions.Region;
import org.vlbert.data.regions.RegionConverter;
import org.vlbert.data.regions.RegionFeatures;
import org.vlbert.data.testutil.Butd;
import org.vlbert.data.testutil.Py2Pickle;
import org.vlbert.data.testutil.SimpleTokenizer;
import org.vlbert.data.text.TextConverter;
import org.vlbert.data.text.TextFile;
import org.vlbert.data.vcr.VcrConverter;
import org.vlbert.data.vcr.VcrItem;
import org.vlbert.data.vcr.VcrItems;
import org.vlbert.data.vqa.VqaSample;
import org.vlbert.data.vqa.VqaSamples;

/**
 * Every kind of file this toolchain writes is read back by a second Arrow implementation (the
 * apache-arrow npm package), and the values it sees equal what the Java readers return.
 */
class ArrowJsInteropTest {
    private static final SimpleTokenizer TOK = SimpleTokenizer.withWords("why", "is", "he", "here", "?", "dog", "man",
            "left", "a", "runs", "the", "cat");

    @TempDir
    static Path dir;
    private static JsonNode js;

    @BeforeAll
    static void writeFilesAndReadThemWithArrowJs() throws IOException, InterruptedException {
        ArrowJsReader.ensureInstalled();
        // regions: float32 with every optional column (per-image JSON), and float16 (TSV)
        Path json = Files.createDirectories(dir.resolve("json"));
        Files.writeString(json.resolve("5.json"), "{\"image_id\": 5, \"image_w\": 64, \"image_h\": 48, \"num_boxes\": 2,"
                + " \"boxes\": \"" + Butd.b64(Butd.boxes(2, 64, 48, 1)) + "\", \"features\": \""
                + Butd.b64(Butd.features(2, 8, 1)) + "\", \"classes\": \"" + Butd.b64(0.25f, 0.75f, 1, 0)
                + "\", \"attrs\": \"" + Butd.b64(0.5f, 0.5f) + "\", \"image_box_feature\": \""
                + Butd.b64(Butd.features(1, 8, 2)) + "\"}");
        RegionConverter.fromJson(json, dir.resolve("regions32.arrow"), new RegionConverter.Settings(8, false, null),
                ConversionOptions.defaults());
        Path tsv = dir.resolve("f.tsv");
        Files.writeString(tsv, Butd.tsvLine("a", 10, 20, Butd.boxes(3, 10, 20, 3), Butd.features(3, 8, 3)) + "\n"
                + Butd.tsvLine("b", 30, 40, Butd.boxes(1, 30, 40, 4), Butd.features(1, 8, 4)) + "\n");
        RegionConverter.fromTsv(List.of(tsv), dir.resolve("regions16.arrow"), new RegionConverter.Settings(8, true, null),
                ConversionOptions.defaults().withBatchBytes(1));
        // VQA: the demo's val split
        DemoVqaGenerator.generate(dir.resolve("demo"), new DemoVqaGenerator.Settings(10, 10, 2, 512, 1));
        Files.copy(dir.resolve("demo/vqa_val.arrow"), dir.resolve("vqa.arrow"));
        // VCR
        Path images = Files.createDirectories(dir.resolve("vcr1images/m"));
        Files.writeString(images.resolve("a.json"), "{\"boxes\": [[1, 2, 3, 4, 0.5], [5, 6, 7, 8, 0.25]],"
                + " \"segms\": [[[[1, 2], [3, 4], [5, 6]]], []], \"width\": 100, \"height\": 50}");
        Files.writeString(dir.resolve("val.jsonl"), "{\"annot_id\": \"val-3\", \"objects\": [\"person\", \"dog\"],"
                + " \"img_fn\": \"m/a.jpg\", \"metadata_fn\": \"m/a.json\", \"question\": [\"Why\", \"is\", [0, 1], \"here\", \"?\"],"
                + " \"answer_choices\": [[\"he\"], [[1]], [\"dog\"], [\"man\"]], \"rationale_choices\": [[\"?\"], [\"?\"], [\"?\"], [\"?\"]],"
                + " \"answer_label\": 1, \"rationale_label\": 3}\n");
        VcrConverter.convert(dir.resolve("val.jsonl"), dir.resolve("vcr.arrow"),
                new VcrConverter.Settings(dir.resolve("vcr1images"), TOK, null), ConversionOptions.defaults());
        // RefCOCO+
        Map<String, Object> sentence = new LinkedHashMap<>();
        sentence.put("tokens", List.of("the", "man", "left"));
        sentence.put("raw", "The man, left");
        sentence.put("sent_id", 77);
        sentence.put("sent", "the man left");
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("ref_id", 3);
        ref.put("ann_id", 30);
        ref.put("image_id", 9);
        ref.put("split", "testB");
        ref.put("category_id", 1);
        ref.put("sentences", List.of(sentence));
        Files.write(dir.resolve("refs.p"), Py2Pickle.dumps(List.of(ref)));
        Files.writeString(dir.resolve("instances.json"), "{\"images\": [{\"id\": 9, \"width\": 640, \"height\": 427}],"
                + " \"annotations\": [{\"id\": 30, \"image_id\": 9, \"bbox\": [1, 2, 3, 4]}, {\"id\": 31, \"image_id\": 9,"
                + " \"bbox\": [10, 20, 30, 40]}]}");
        RefcocoConverter.convert(dir.resolve("refs.p"), dir.resolve("instances.json"), null, dir.resolve("refcoco.arrow"),
                new RefcocoConverter.Settings(TOK, null), ConversionOptions.defaults());
        // captions and corpus
        Files.writeString(dir.resolve("cc.tsv"), "A dog runs\thttp://x\nthe cat\thttp://y\n");
        TextConverter.captions(dir.resolve("cc.tsv"), TextConverter.CaptionFormat.TSV, dir.resolve("captions.arrow"),
                new TextConverter.Settings(TOK, null, null), ConversionOptions.defaults());
        Files.writeString(dir.resolve("wiki.doc"), "the man runs\n\nwhy ?\n");
        TextConverter.corpus(List.of(dir.resolve("wiki.doc")), dir.resolve("corpus.arrow"),
                new TextConverter.Settings(TOK, null, null), ConversionOptions.defaults());

        js = ArrowJsReader.read(List.of(dir.resolve("regions32.arrow"), dir.resolve("regions16.arrow"),
                dir.resolve("vqa.arrow"), dir.resolve("vcr.arrow"), dir.resolve("refcoco.arrow"),
                dir.resolve("captions.arrow"), dir.resolve("corpus.arrow")));
    }

    private static JsonNode file(String name, String schema, int rows) {
        JsonNode f = js.get(name);
        assertEquals(schema, f.get("metadata").get("vlbert.schema").asText(), name);
        assertEquals("1", f.get("metadata").get("vlbert.schema_version").asText(), name);
        assertEquals(rows, f.get("numRows").asInt(), name);
        return f;
    }

    @Test
    void regionFilesIncludingFloat16AndOptionalColumns() {
        JsonNode f = file("regions32.arrow", "regions", 1);
        assertTrue(f.get("fields").toString().contains("features: List<FixedSizeList[8]<Float32>>"), f.get("fields").toString());
        try (RegionFeatures rf = RegionFeatures.open(dir.resolve("regions32.arrow"))) {
            Region r = rf.get(0);
            JsonNode row = f.get("rows").get(0);
            assertEquals("5", row.get("image_id").asText());
            assertEquals(64, row.get("width").asInt());
            for (int k = 0; k < 2; k++) {
                for (int c = 0; c < 4; c++) {
                    assertEquals(r.box(k, c), (float) row.get("boxes").get(k).get(c).asDouble());
                }
                for (int j = 0; j < 8; j++) {
                    assertEquals(r.feature(k, j), (float) row.get("features").get(k).get(j).asDouble());
                }
            }
            assertEquals(0.75, row.get("class_scores").get(0).get(1).asDouble());
            assertEquals(r.imageBoxFeature(7), (float) row.get("image_box_feature").get(7).asDouble());
        }
        JsonNode half = file("regions16.arrow", "regions", 2);
        assertTrue(half.get("fields").toString().contains("features: List<FixedSizeList[8]<Float16>>"), half.get("fields").toString());
        try (RegionFeatures rf = RegionFeatures.open(dir.resolve("regions16.arrow"))) {
            for (int i = 0; i < 2; i++) {
                Region r = rf.get(i);
                JsonNode row = half.get("rows").get(i);
                assertEquals(r.numBoxes(), row.get("features").size());
                for (int k = 0; k < r.numBoxes(); k++) {
                    for (int j = 0; j < 8; j++) {
                        assertEquals(r.feature(k, j), (float) row.get("features").get(k).get(j).asDouble());
                    }
                }
            }
        }
    }

    @Test
    void vqaSamples() {
        try (VqaSamples s = VqaSamples.open(dir.resolve("vqa.arrow"))) {
            JsonNode f = file("vqa.arrow", "vqa", s.size());
            assertEquals(s.answers().size(), f.get("metadata").get("vlbert.answer_vocab").asText().split(",").length);
            for (int i = 0; i < s.size(); i++) {
                VqaSample v = s.get(i);
                JsonNode row = f.get("rows").get(i);
                assertEquals(Long.toString(v.questionId()), row.get("question_id").asText());
                assertEquals(v.question(), row.get("question").asText());
                assertEquals(v.questionIds().length, row.get("question_ids").size());
                assertEquals(v.questionIds()[0], row.get("question_ids").get(0).asInt());
                assertEquals(v.answers().get(9), row.get("answers").get(9).asText());
                assertEquals(v.labelIndices()[0], row.get("label_indices").get(0).asInt());
                assertEquals(v.labelScores()[0], (float) row.get("label_scores").get(0).asDouble());
            }
        }
    }

    @Test
    void vcrNestedTokenStructsAndPolygons() {
        JsonNode row = file("vcr.arrow", "vcr", 1).get("rows").get(0);
        try (VcrItems items = VcrItems.open(dir.resolve("vcr.arrow"))) {
            VcrItem v = items.get(0);
            assertEquals("val-3", row.get("annot_id").asText());
            assertEquals(v.question().size(), row.get("question").size());
            assertEquals("Why", row.get("question").get(0).get("word").asText());
            assertTrue(row.get("question").get(2).get("word").isNull());
            assertEquals("[0,1]", row.get("question").get(2).get("objects").toString());
            assertEquals("[]", row.get("question").get(2).get("pieces").toString());
            assertEquals("[1]", row.get("answer_choices").get(1).get(0).get("objects").toString());
            assertEquals(v.answerChoices().get(3).get(0).pieces()[0],
                    row.get("answer_choices").get(3).get(0).get("pieces").get(0).asInt());
            assertEquals(1, row.get("answer_label").asInt());
            assertEquals("[[[1,2],[3,4],[5,6]]]", row.get("segms").get(0).toString());
            assertEquals("[]", row.get("segms").get(1).toString());
            assertEquals(0.25, row.get("boxes").get(1).get(4).asDouble());
        }
    }

    @Test
    void refcocoSentencesAndBoxes() {
        JsonNode row = file("refcoco.arrow", "refcoco", 1).get("rows").get(0);
        try (RefcocoRefs refs = RefcocoRefs.open(dir.resolve("refcoco.arrow"))) {
            RefcocoRef r = refs.get(0);
            assertEquals("3", row.get("ref_id").asText());
            assertEquals("testB", row.get("split").asText());
            assertEquals("[1,2,4,6]", row.get("gt_box").toString());
            assertEquals("[[1,2,4,6],[10,20,40,60]]", row.get("gt_boxes").toString());
            assertTrue(row.get("proposal_boxes").isNull());
            JsonNode s = row.get("sentences").get(0);
            assertEquals("77", s.get("sent_id").asText());
            assertEquals("The man, left", s.get("raw").asText());
            assertEquals("[\"the\",\"man\",\"left\"]", s.get("tokens").toString());
            assertEquals(r.sentences().get(0).ids()[2], s.get("ids").get(2).asInt());
        }
    }

    @Test
    void captionsAndCorpus() {
        JsonNode captions = file("captions.arrow", "captions", 2);
        try (TextFile f = TextFile.openCaptions(dir.resolve("captions.arrow"))) {
            assertEquals("00000001", captions.get("rows").get(1).get("image_id").asText());
            assertEquals(f.get(0).pieces().pieceIds().length, captions.get("rows").get(0).get("piece_ids").size());
            assertEquals("[1,1,1]", captions.get("rows").get(0).get("word_lengths").toString());
        }
        JsonNode corpus = file("corpus.arrow", "corpus", 2);
        assertEquals("why ?", corpus.get("rows").get(1).get("text").asText());
        assertTrue(corpus.get("rows").get(1).get("image_id") == null, "corpus rows have no image id");
    }
}
