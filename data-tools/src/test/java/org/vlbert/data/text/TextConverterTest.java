package org.vlbert.data.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.data.convert.BadInputException;
import org.vlbert.data.convert.ConversionOptions;
import org.vlbert.data.convert.ConversionReport;
import org.vlbert.data.testutil.SimpleTokenizer;

class TextConverterTest {
    // ids: a=104 dog=105 runs=106 run=107 ##s=108 .=109 the=110 cat=111 sleeps=112 on=113 mat=114
    private static final SimpleTokenizer TOK = SimpleTokenizer.withWords("a", "dog", "runs", "run", "##s", ".", "the",
            "cat", "sleeps", "on", "mat");
    private static final TextConverter.Settings SETTINGS = new TextConverter.Settings(TOK, "v", null);

    @TempDir
    Path dir;

    @Test
    void corpusDropsBlankLinesStripsPythonWhitespaceAndKeepsWordBoundaries() throws IOException {
        Path a = dir.resolve("bc1g.doc");
        Path b = dir.resolve("wiki.doc");
        Files.writeString(a, "A dog runs.\r\n\n   \n\u00a0the cat\u00a0\n");
        Files.writeString(b, "dogs\n");
        Path out = dir.resolve("corpus.arrow");
        ConversionReport r = TextConverter.corpus(List.of(a, b), out, SETTINGS, ConversionOptions.defaults());
        assertEquals(3, r.rows());
        try (TextFile f = TextFile.openCorpus(out)) {
            TextRow first = f.get(0);
            assertNull(first.imageId());
            assertEquals("A dog runs.", first.text());
            assertArrayEquals(new int[] {104, 105, 106, 109}, first.pieces().pieceIds());
            assertArrayEquals(new int[] {1, 1, 1, 1}, first.pieces().wordLengths());
            assertEquals("the cat", f.get(1).text(), "NBSP is whitespace for Python's strip()");
            assertArrayEquals(new int[] {105, 108}, f.get(2).pieces().pieceIds());
            assertArrayEquals(new int[] {2}, f.get(2).pieces().wordLengths(), "dog ##s is one word of two pieces");

            CorpusSegments segments = new CorpusSegments(f, 5);
            // line 1 (2 words) + line 2 (1) + line 0 (4, wrapped) → 7 words ≥ 5
            WordPieces s = segments.get(1);
            assertArrayEquals(new int[] {110, 111, 105, 108, 104, 105, 106, 109}, s.pieceIds());
            assertArrayEquals(new int[] {1, 1, 2, 1, 1, 1, 1}, s.wordLengths());
            assertEquals(6, segments.get(0).words(), "line 0 (4 words) + line 1 (2 words)");
            assertEquals(4, new CorpusSegments(f, 4).get(0).words(), "a line with enough words is a segment on its own");
        }
    }

    @Test
    void invalidUtf8IsReportedOnItsLineAndCanBeSkipped() throws IOException {
        Path f = dir.resolve("bad.doc");
        byte[] bytes = "a dog\rthe cat\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bad = {'r', 'u', 'n', (byte) 0xff, '\n'};
        byte[] tail = "dogs\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files.write(f, concat(concat(bytes, bad), tail));
        BadInputException e = assertThrows(BadInputException.class, () -> TextConverter.corpus(List.of(f),
                dir.resolve("x.arrow"), SETTINGS, ConversionOptions.defaults()));
        assertEquals(f + ":3: not valid UTF-8", e.getMessage());
        ConversionReport r = TextConverter.corpus(List.of(f), dir.resolve("y.arrow"), SETTINGS,
                ConversionOptions.defaults().withSkipBad(true));
        assertEquals(3, r.rows(), "CR and CRLF end lines too");
        assertEquals(List.of(f + ":3: not valid UTF-8"), r.skippedExamples());
        try (TextFile t = TextFile.openCorpus(dir.resolve("y.arrow"))) {
            assertEquals("the cat", t.get(1).text());
            assertEquals("dogs", t.get(2).text());
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void conceptualCaptionsTsvNamesImagesByLineNumber() throws IOException {
        Path tsv = dir.resolve("Train_GCC-training.tsv");
        Files.writeString(tsv, "a dog runs\thttp://x/1.jpg\nthe cat sleeps on a mat\thttp://x/2.jpg\n"
                + "no url here\n\tthttp://x/4.jpg\nthe dog\thttp://x/5.jpg\n");
        Path out = dir.resolve("cc.arrow");
        ConversionReport r = TextConverter.captions(tsv, TextConverter.CaptionFormat.TSV, out, SETTINGS,
                ConversionOptions.defaults().withSkipBad(true));
        assertEquals(3, r.rows());
        assertEquals(List.of(tsv + ":3: expected 2 tab-separated fields (caption, url), found 1",
                tsv + ":4: empty caption"), r.skippedExamples());
        try (TextFile f = TextFile.openCaptions(out)) {
            assertEquals("00000000", f.get(0).imageId());
            assertEquals("00000001", f.get(1).imageId());
            assertEquals("the cat sleeps on a mat", f.get(1).text());
            assertArrayEquals(new int[] {110, 111, 112, 113, 104, 114}, f.get(1).pieces().pieceIds());
            assertEquals("00000004", f.get(2).imageId());
        }
        BadInputException e = assertThrows(BadInputException.class, () -> TextConverter.captions(tsv,
                TextConverter.CaptionFormat.TSV, dir.resolve("x.arrow"), SETTINGS, ConversionOptions.defaults()));
        assertEquals(tsv + ":3", e.location());
    }

    @Test
    void preparedJsonLinesUseTheFeatureFileStemAsImageId() throws IOException {
        Path jsonl = dir.resolve("train_frcnn.json");
        Files.writeString(jsonl, "{\"image\": \"train_image.zip@/00000007.jpg\", \"caption\": [\"A\", \"dog\", \"runs\"], "
                + "\"frcnn\": \"train_frcnn.zip@/00000007.json\"}\n{\"caption\": \"not a list\", \"image\": \"x.jpg\"}\n");
        Path out = dir.resolve("cc.arrow");
        ConversionReport r = TextConverter.captions(jsonl, TextConverter.CaptionFormat.JSONL, out, SETTINGS,
                ConversionOptions.defaults().withSkipBad(true));
        assertEquals(1, r.rows());
        assertEquals(List.of(jsonl + ":2: 'caption' must be a non-empty list of words"), r.skippedExamples());
        try (TextFile f = TextFile.openCaptions(out)) {
            assertEquals("00000007", f.get(0).imageId());
            assertEquals("A dog runs", f.get(0).text());
        }
    }
}
