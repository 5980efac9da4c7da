package org.vlbert.data.vcr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.data.convert.BadInputException;
import org.vlbert.data.convert.ConversionOptions;
import org.vlbert.data.convert.ConversionReport;
import org.vlbert.data.testutil.SimpleTokenizer;

class VcrConverterTest {
    // why=104 is=105 here=106 ?=107 he=108 happy=109 and=110 casey=111 dog=112 because=113 .=114 ##s=115
    private static final SimpleTokenizer TOK = SimpleTokenizer.withWords("why", "is", "here", "?", "he", "happy", "and",
            "casey", "dog", "because", ".", "##s");

    @TempDir
    Path dir;
    private Path images;

    private static final String LINE = "{\"movie\": \"1054_Harry_Potter\", \"objects\": [\"person\", \"dog\", \"person\"],"
            + " \"img_fn\": \"lsmdc_1054/a@0.jpg\", \"metadata_fn\": \"lsmdc_1054/a@0.json\","
            + " \"question\": [\"Why\", \"is\", [0, 1], \"here\", \"?\"],"
            + " \"answer_choices\": [[[2], \"is\", \"happy\", \".\"], [\"dogs\"], [\"he\", \"is\"], [[1]]],"
            + " \"rationale_choices\": [[\"because\"], [[0]], [\"?\"], [\"he\"]],"
            + " \"answer_label\": 2, \"rationale_label\": 1, \"annot_id\": \"val-0\", \"img_id\": \"val-0\"}";

    @BeforeEach
    void metadata() throws IOException {
        images = Files.createDirectories(dir.resolve("vcr1images"));
        Files.createDirectories(images.resolve("lsmdc_1054"));
        Files.writeString(images.resolve("lsmdc_1054/a@0.json"), "{\"boxes\": [[1.5, 2, 30, 40, 0.99],"
                + " [5, 6, 7, 8, 0.5], [10, 10, 20, 20, 0.75]], \"segms\": [[[[1, 2], [3, 4], [5, 6]]],"
                + " [[[5, 6], [7, 8], [6, 7]], [[1, 1], [2, 2], [1, 2]]], []], \"names\": [\"person\", \"dog\", \"person\"],"
                + " \"width\": 1920, \"height\": 800}");
    }

    @Test
    void roundTripKeepsTokensObjectReferencesLabelsAndMetadata() throws IOException {
        Path jsonl = dir.resolve("val.jsonl");
        Files.writeString(jsonl, LINE + "\n" + LINE.replace("\"answer_label\": 2, \"rationale_label\": 1, ", "")
                .replace("val-0", "test-0") + "\n");
        Path out = dir.resolve("vcr.arrow");
        ConversionReport r = VcrConverter.convert(jsonl, out, new VcrConverter.Settings(images, TOK, null),
                ConversionOptions.defaults());
        assertEquals(2, r.rows());
        try (VcrItems items = VcrItems.open(out)) {
            VcrItem v = items.get(0);
            assertEquals("val-0", v.annotId());
            assertEquals("1054_Harry_Potter", v.movie());
            assertEquals("lsmdc_1054/a@0.jpg", v.imgFn());
            assertEquals(List.of("person", "dog", "person"), v.objects());
            List<VcrToken> q = v.question();
            assertEquals(5, q.size());
            assertEquals("Why", q.get(0).word());
            assertArrayEquals(new int[] {104}, q.get(0).pieces());
            assertNull(q.get(2).word());
            assertArrayEquals(new int[] {0, 1}, q.get(2).objects());
            assertArrayEquals(new int[0], q.get(2).pieces());
            assertEquals(4, v.answerChoices().size());
            assertArrayEquals(new int[] {2}, v.answerChoices().get(0).get(0).objects());
            assertArrayEquals(new int[] {112, 115}, v.answerChoices().get(1).get(0).pieces(), "dogs → dog ##s");
            assertArrayEquals(new int[] {0}, v.rationaleChoices().get(1).get(0).objects());
            assertEquals(2, v.answerLabel());
            assertEquals(1, v.rationaleLabel());
            assertEquals(1920, v.imageWidth());
            assertEquals(800, v.imageHeight());
            assertArrayEquals(new float[] {1.5f, 2, 30, 40, 0.99f}, v.boxes()[0]);
            assertEquals(3, v.segms().length);
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, v.segms()[0][0]);
            assertEquals(2, v.segms()[1].length);
            assertArrayEquals(new float[] {1, 1, 2, 2, 1, 2}, v.segms()[1][1]);
            assertEquals(0, v.segms()[2].length);

            VcrItem test = items.get(1);
            assertEquals("test-0", test.annotId());
            assertNull(test.answerLabel());
            assertNull(test.rationaleLabel());

            assertArrayEquals(new int[] {111}, items.namePieces("Casey"));
            assertArrayEquals(new int[] {112}, items.namePieces("dog"));
            assertArrayEquals(new int[] {100}, items.namePieces("diningtable"), "unknown words are [UNK]");
            assertEquals(110, items.andId());
        }
    }

    @Test
    void badLinesNameTheLineAndTheProblem() throws IOException {
        Path jsonl = dir.resolve("train.jsonl");
        Files.writeString(jsonl, String.join("\n",
                LINE.replace("[0, 1]", "[0, 3]"),
                LINE.replace("a@0.json", "missing.json"),
                LINE.replace("\"answer_label\": 2", "\"answer_label\": 4"),
                "{not json",
                LINE.replace("[\"because\"]", "[7.5]"),
                LINE) + "\n");
        ConversionReport r = VcrConverter.convert(jsonl, dir.resolve("o.arrow"), new VcrConverter.Settings(images, TOK, null),
                ConversionOptions.defaults().withSkipBad(true));
        assertEquals(1, r.rows());
        assertEquals(List.of(
                jsonl + ":1: val-0: question: object reference [0,3] is not an index into the 3 objects",
                jsonl + ":2: val-0: metadata file " + images.resolve("lsmdc_1054/missing.json") + " does not exist",
                jsonl + ":3: val-0: answer_label 4 is not a choice index (0..3)",
                jsonl + ":4: malformed JSON (Unexpected character ('n' (code 110)): was expecting double-quote to start field name)",
                jsonl + ":5: val-0: rationale_choices[0]: token 7.5 is neither a string nor a list of object indices"),
                r.skippedExamples());
        assertThrows(BadInputException.class, () -> VcrConverter.convert(jsonl, dir.resolve("o2.arrow"),
                new VcrConverter.Settings(images, TOK, null), ConversionOptions.defaults()));
    }

    @Test
    void metadataWithTheWrongNumberOfBoxesIsBadInput() throws IOException {
        Path jsonl = dir.resolve("val.jsonl");
        Files.writeString(jsonl, LINE.replace("\"dog\", \"person\"]", "\"dog\"]").replace("[0, 1]", "[0]")
                .replace("[[2], \"is\"", "[\"is\"") + "\n");
        BadInputException e = assertThrows(BadInputException.class, () -> VcrConverter.convert(jsonl,
                dir.resolve("o.arrow"), new VcrConverter.Settings(images, TOK, null), ConversionOptions.defaults()));
        assertEquals(jsonl + ":1: val-0: metadata " + images.resolve("lsmdc_1054/a@0.json")
                + " has 3 boxes and 3 segms for 2 objects", e.getMessage());
    }
}
