package org.vlbert.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.data.regions.RegionFeatures;
import org.vlbert.data.text.TextFile;
import org.vlbert.data.vqa.VqaSamples;
import picocli.CommandLine;

/** The {@code vlbert data ...} commands run in-process, as the launcher would run them. */
class DataCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Runs {@code vlbert data ARGS}; user errors print {@code error: ...} like the main command does. */
    private int data(String... args) {
        CommandLine cmd = new CommandLine(new DataCommand(DataTestTokenizer::fromVocab));
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        cmd.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (!(ex instanceof VlbertException)) {
                throw ex;
            }
            c.getErr().println("error: " + ex.getMessage());
            return 1;
        });
        return cmd.execute(args);
    }

    private static String b64(float... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        return Base64.getEncoder().encodeToString(b.array());
    }

    @Test
    void convertFeaturesPrintsASummaryAndWritesTheFile() throws IOException {
        Path tsv = dir.resolve("feats.tsv");
        Files.writeString(tsv, "7\t100\t50\t1\t" + b64(1, 2, 3, 4) + "\t" + b64(0.5f, 1.5f) + "\n");
        Path outFile = dir.resolve("regions.arrow");
        assertEquals(0, data("convert-features", "--tsv", tsv.toString(), "--feature-dim", "2", "--out", outFile.toString()));
        assertTrue(out.toString().matches("wrote 1 rows \\([0-9.]+ MB\\) to " + java.util.regex.Pattern.quote(
                outFile.toString()) + " in [0-9.]+ s\\R"), out.toString());
        try (RegionFeatures r = RegionFeatures.open(outFile)) {
            assertEquals("7", r.get(0).imageId());
            assertEquals(1.5f, r.get(0).feature(0, 1));
        }
    }

    @Test
    void badInputFailsWithFileLineAndReasonOrIsSkipped() throws IOException {
        Path tsv = dir.resolve("feats.tsv");
        Files.writeString(tsv, "7\t100\t50\t1\t" + b64(1, 2, 3, 4) + "\t" + b64(0.5f, 1.5f) + "\n"
                + "8\t100\t50\t1\t" + b64(1, 2, 3) + "\t" + b64(0.5f, 1.5f) + "\n");
        Path outFile = dir.resolve("regions.arrow");
        assertEquals(1, data("convert-features", "--tsv", tsv.toString(), "--feature-dim", "2", "--out", outFile.toString()));
        assertEquals("error: " + tsv + ":2: boxes: base64 decodes to 12 bytes, expected 16 (1 boxes × 4 float32)",
                err.toString().strip());
        assertFalse(Files.exists(outFile));

        err.getBuffer().setLength(0);
        assertEquals(0, data("convert-features", "--tsv", tsv.toString(), "--feature-dim", "2", "--skip-bad",
                "--out", outFile.toString()));
        assertEquals("skipped " + tsv + ":2: boxes: base64 decodes to 12 bytes, expected 16 (1 boxes × 4 float32)",
                err.toString().strip());
        assertTrue(out.toString().strip().endsWith(", skipped 1 bad record"), out.toString());
    }

    @Test
    void convertVqaTokenizesWithTheSuppliedTokenizer() throws IOException {
        Path vocab = dir.resolve("vocab.txt");
        Files.write(vocab, List.of("[PAD]", "[UNK]", "is", "it", "red", "?"));
        Path answers = dir.resolve("answers.txt");
        Files.writeString(answers, "<unk>\nyes\nno\n");
        Path q = dir.resolve("q.json");
        Files.writeString(q, "{\"questions\": [{\"image_id\": 1, \"question\": \"Is it red?\", \"question_id\": 5}]}");
        Path a = dir.resolve("a.json");
        Files.writeString(a, "{\"annotations\": [{\"question_id\": 5, \"answers\": [{\"answer\": \"yes\"},"
                + " {\"answer\": \"yes\"}, {\"answer\": \"no\"}]}]}");
        Path outFile = dir.resolve("vqa.arrow");
        assertEquals(0, data("convert-vqa", "--questions", q.toString(), "--annotations", a.toString(), "--answers",
                answers.toString(), "--vocab", vocab.toString(), "--out", outFile.toString()), err.toString());
        try (VqaSamples s = VqaSamples.open(outFile)) {
            assertArrayEquals(new int[] {2, 3, 4, 5}, s.get(0).questionIds());
            assertArrayEquals(new int[] {1, 2}, s.get(0).labelIndices());
        }
        // one annotations file per questions file, or none
        assertEquals(2, data("convert-vqa", "--questions", q.toString(), "--questions", q.toString(), "--annotations",
                a.toString(), "--answers", answers.toString(), "--vocab", vocab.toString(), "--out", outFile.toString()));
        assertTrue(err.toString().contains("2 --questions but 1 --annotations"), err.toString());
        // a regions file that cannot be opened is a user error naming it, and nothing is written
        Path noRegions = dir.resolve("no-regions.arrow");
        Path notWritten = dir.resolve("not-written.arrow");
        err.getBuffer().setLength(0);
        assertEquals(1, data("convert-vqa", "--questions", q.toString(), "--annotations", a.toString(), "--answers",
                answers.toString(), "--vocab", vocab.toString(), "--regions", noRegions.toString(), "--out",
                notWritten.toString()));
        assertTrue(err.toString().startsWith("error: ") && err.toString().contains(noRegions.toString()),
                err.toString());
        assertFalse(Files.exists(notWritten));
    }

    @Test
    void convertCorpusAndMissingVocab() throws IOException {
        Path vocab = dir.resolve("vocab.txt");
        Files.write(vocab, List.of("[PAD]", "[UNK]", "hello", "world"));
        Path text = dir.resolve("wiki.doc");
        Files.writeString(text, "Hello world\n\nhello\n");
        Path outFile = dir.resolve("corpus.arrow");
        assertEquals(0, data("convert-corpus", text.toString(), "--vocab", vocab.toString(), "--out", outFile.toString()));
        try (TextFile f = TextFile.openCorpus(outFile)) {
            assertEquals(2, f.size());
            assertArrayEquals(new int[] {2, 3}, f.get(0).pieces().pieceIds());
        }
        assertEquals(1, data("convert-corpus", dir.resolve("nope.doc").toString(), "--vocab", vocab.toString(),
                "--out", outFile.toString()));
        assertEquals("error: " + dir.resolve("nope.doc") + ": no such file", err.toString().strip());
    }

    @Test
    void demoWritesTheDatasetAndAMissingSubcommandIsAUsageError() {
        Path demo = dir.resolve("demo");
        assertEquals(0, data("demo", "--out", demo.toString(), "--images", "20", "--questions", "30", "--seed", "4"));
        assertTrue(out.toString().startsWith("wrote 20 images, {train=30, val=6, test=6} questions"), out.toString());
        for (String f : List.of("regions.arrow", "vqa_train.arrow", "vqa_val.arrow", "vqa_test.arrow", "vocab.txt",
                "answers.txt")) {
            assertTrue(Files.exists(demo.resolve(f)), f);
        }
        assertEquals(2, data());
        assertTrue(err.toString().contains("missing command"), err.toString());
    }
}
