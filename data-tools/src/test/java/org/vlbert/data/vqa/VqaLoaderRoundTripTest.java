package org.vlbert.data.vqa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.data.DataException;
import org.vlbert.data.convert.ConversionOptions;
import org.vlbert.data.load.Batch;
import org.vlbert.data.load.BatchStream;
import org.vlbert.data.load.DataLoader;
import org.vlbert.data.load.LoaderOptions;
import org.vlbert.data.regions.RegionConverter;
import org.vlbert.data.regions.RegionFeatures;
import org.vlbert.data.testutil.Butd;
import org.vlbert.data.testutil.SimpleTokenizer;

/** Original files → converters → mapped files → DataLoader + VqaCollator → the original values. */
class VqaLoaderRoundTripTest {
    private static final int D = 8;

    @TempDir
    Path dir;

    @Test
    void batchesCarryTheOriginalBoxesFeaturesTokensAndTargets() throws IOException {
        // 800×600 images: the SCALES rule keeps their size, so coordinates come back unchanged
        int[] counts = {4, 2, 3};
        List<String> tsv = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            tsv.add(Butd.tsvLine("" + (100 + i), 800, 600, Butd.boxes(counts[i], 800, 600, i), Butd.features(counts[i], D, i)));
        }
        Path tsvFile = dir.resolve("f.tsv");
        Files.write(tsvFile, tsv);
        Path regionsFile = dir.resolve("regions.arrow");
        RegionConverter.fromTsv(List.of(tsvFile), regionsFile, new RegionConverter.Settings(D, false, null),
                ConversionOptions.defaults().withBatchBytes(1));

        StringBuilder qs = new StringBuilder("{\"questions\": [");
        StringBuilder as = new StringBuilder("{\"annotations\": [");
        String[] questions = {"is it red?", "what is it?", "is it a cat?", "what is red?", "red?"};
        String[] answers = {"yes", "cat", "no", "cat", "yes"};
        for (int i = 0; i < questions.length; i++) {
            String sep = i == 0 ? "" : ",";
            qs.append(sep).append("\n{\"image_id\": ").append(100 + i % 3).append(", \"question\": \"")
                    .append(questions[i]).append("\", \"question_id\": ").append(i).append("}");
            as.append(sep).append("\n{\"question_id\": ").append(i).append(", \"answers\": [");
            for (int k = 0; k < 10; k++) {
                as.append(k == 0 ? "" : ",").append("{\"answer\": \"").append(k < 7 ? answers[i] : "no").append("\"}");
            }
            as.append("]}");
        }
        Path q = dir.resolve("q.json");
        Path a = dir.resolve("a.json");
        Files.writeString(q, qs.append("]}").toString());
        Files.writeString(a, as.append("]}").toString());
        Path answersFile = dir.resolve("answers.txt");
        Files.writeString(answersFile, "<unk>\nyes\nno\ncat\n");
        SimpleTokenizer tok = SimpleTokenizer.withWords("is", "it", "red", "?", "what", "a", "cat");
        Path vqaFile = dir.resolve("vqa.arrow");
        VqaConverter.convert(List.of(new VqaConverter.Input(q, a)), vqaFile,
                new VqaConverter.Settings(AnswerVocabulary.load(answersFile), tok, null, null),
                ConversionOptions.defaults().withBatchBytes(1));

        try (RegionFeatures regions = RegionFeatures.open(regionsFile); VqaSamples samples = VqaSamples.open(vqaFile)) {
            VqaDataset data = new VqaDataset(samples, regions);
            DataLoader<VqaExample> loader = new DataLoader<>(data,
                    VqaCollator.forDataset(data, ImageResize.VQA, 0, true), LoaderOptions.of(2, true, 3));
            int seen = 0;
            try (BatchStream stream = loader.stream(1)) {
                while (stream.hasNext()) {
                    try (Batch batch = stream.next()) {
                        long n = batch.get("boxes").dim(1);
                        float[] boxes = new float[(int) batch.get("boxes").numel()];
                        batch.get("boxes").floats().get(boxes);
                        long lq = batch.get("question").dim(1);
                        long[] ids = new long[(int) batch.get("question").numel()];
                        batch.get("question").longs().get(ids);
                        float[] label = new float[(int) batch.get("label").numel()];
                        batch.get("label").floats().get(label);
                        for (int r = 0; r < batch.size(); r++) {
                            int s = batch.sampleIndices()[r];
                            int img = s % 3;
                            float[] origBoxes = Butd.boxes(counts[img], 800, 600, img);
                            float[] origFeats = Butd.features(counts[img], D, img);
                            for (int k = 0; k < counts[img]; k++) {
                                int at = (int) ((r * n + k + 1) * (4 + D));
                                for (int c = 0; c < 4; c++) {
                                    assertEquals(origBoxes[k * 4 + c], boxes[at + c]);
                                }
                                for (int j = 0; j < D; j++) {
                                    assertEquals(origFeats[k * D + j], boxes[at + 4 + j]);
                                }
                            }
                            long[] expectedIds = tok.convertTokensToIds(tok.tokenize(questions[s]));
                            long[] got = java.util.Arrays.copyOfRange(ids, (int) (r * lq), (int) (r * lq + expectedIds.length));
                            assertArrayEquals(expectedIds, got);
                            float[] dense = new float[4];
                            samples.get(s).target().scatter(dense, 0);
                            assertArrayEquals(dense, java.util.Arrays.copyOfRange(label, r * 4, r * 4 + 4));
                            assertEquals(1.0f, dense[samples.answers().indexOrUnk(answers[s])]);
                            seen++;
                        }
                    }
                }
            }
            assertEquals(5, seen);
        }
    }

    @Test
    void questionsOnMissingImagesFailWhenTheDatasetIsBuilt() throws IOException {
        Path tsvFile = dir.resolve("f.tsv");
        Files.writeString(tsvFile, Butd.tsvLine("1", 10, 10, Butd.boxes(1, 10, 10, 0), Butd.features(1, D, 0)) + "\n");
        Path regionsFile = dir.resolve("r.arrow");
        RegionConverter.fromTsv(List.of(tsvFile), regionsFile, new RegionConverter.Settings(D, false, null),
                ConversionOptions.defaults());
        Path q = dir.resolve("q.json");
        Files.writeString(q, "{\"questions\": [{\"image_id\": 2, \"question\": \"red?\", \"question_id\": 9}]}");
        Path answersFile = dir.resolve("answers.txt");
        Files.writeString(answersFile, "<unk>\n");
        Path vqaFile = dir.resolve("v.arrow");
        VqaConverter.convert(List.of(new VqaConverter.Input(q, null)), vqaFile, new VqaConverter.Settings(
                AnswerVocabulary.load(answersFile), SimpleTokenizer.withWords("red", "?"), null, null),
                ConversionOptions.defaults());
        try (RegionFeatures regions = RegionFeatures.open(regionsFile); VqaSamples samples = VqaSamples.open(vqaFile)) {
            DataException e = assertThrows(DataException.class, () -> new VqaDataset(samples, regions));
            assertEquals(vqaFile + ": question 9 refers to image 2, which is not in "
                    + regionsFile, e.getMessage());
        }
    }

    private static long[] toLongs(long[] v) {
        return v;
    }
}
