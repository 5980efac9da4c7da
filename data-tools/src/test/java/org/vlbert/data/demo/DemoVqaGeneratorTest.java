package org.vlbert.data.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.data.regions.Region;
import org.vlbert.data.regions.RegionFeatures;
import org.vlbert.data.testutil.SimpleTokenizer;
import org.vlbert.data.vqa.VqaDataset;
import org.vlbert.data.vqa.VqaSample;
import org.vlbert.data.vqa.VqaSamples;

class DemoVqaGeneratorTest {
    private static final DemoVqaGenerator.Settings SMALL = new DemoVqaGenerator.Settings(40, 200, 10, 2048, 7);

    @TempDir
    Path dir;

    @Test
    void writesTheRealFormatsWithBertSpecialTokenIds() throws IOException {
        DemoVqaGenerator.Result r = DemoVqaGenerator.generate(dir, SMALL);
        assertEquals(Map.of("train", 200, "val", 40, "test", 40), r.questionsPerSplit());
        List<String> vocab = Files.readAllLines(dir.resolve("vocab.txt"));
        assertEquals("[PAD]", vocab.get(0));
        assertEquals("[unused0]", vocab.get(1));
        assertEquals("[UNK]", vocab.get(100));
        assertEquals("[CLS]", vocab.get(101));
        assertEquals("[SEP]", vocab.get(102));
        assertEquals("[MASK]", vocab.get(103));
        assertTrue(vocab.size() < 1000, "fits the demo config's vocab_size 1000");
        List<String> answers = Files.readAllLines(dir.resolve("answers.txt"));
        assertEquals(32, answers.size());
        assertEquals("<unk>", answers.get(0));

        SimpleTokenizer tok = SimpleTokenizer.fromVocab(dir.resolve("vocab.txt"));
        Set<String> imagesSeen = new HashSet<>();
        try (RegionFeatures regions = RegionFeatures.open(dir.resolve("regions.arrow"))) {
            assertEquals(40, regions.size());
            for (String split : List.of("train", "val", "test")) {
                Set<String> splitImages = new HashSet<>();
                try (VqaSamples samples = VqaSamples.open(dir.resolve("vqa_" + split + ".arrow"))) {
                    new VqaDataset(samples, regions); // every image id resolves
                    assertEquals(answers, samples.answers().answers());
                    for (int i = 0; i < samples.size(); i++) {
                        VqaSample s = samples.get(i);
                        long[] ids = tok.convertTokensToIds(tok.tokenize(s.question()));
                        assertArrayEquals(ids, java.util.Arrays.stream(s.questionIds()).asLongStream().toArray(),
                                "question ids are the BERT tokenization: " + s.question());
                        assertArrayEquals(new int[] {answers.indexOf(s.multipleChoiceAnswer())}, s.labelIndices());
                        assertArrayEquals(new float[] {1f}, s.labelScores());
                        splitImages.add(s.imageId());
                    }
                }
                for (String id : splitImages) {
                    assertTrue(imagesSeen.add(id), "image " + id + " is in two splits");
                }
            }
        }
    }

    @Test
    void answersCanBeReadOffTheRightRegionFeature() throws IOException {
        DemoVqaGenerator.generate(dir, SMALL);
        int checked = 0;
        try (RegionFeatures regions = RegionFeatures.open(dir.resolve("regions.arrow"));
             VqaSamples samples = VqaSamples.open(dir.resolve("vqa_train.arrow"))) {
            for (int i = 0; i < samples.size(); i++) {
                VqaSample s = samples.get(i);
                if (!s.question().startsWith("what color is the ")) {
                    continue;
                }
                int shape = DemoWorld.SHAPES.indexOf(s.question().substring(18, s.question().length() - 1));
                Region r = regions.get(regions.indexOf(s.imageId()));
                int match = -1;
                for (int k = 0; k < r.numBoxes(); k++) {
                    if (block(r, k, DemoWorld.COLORS.size() * DemoWorld.BLOCK + shape * DemoWorld.BLOCK) > 0.5) {
                        assertEquals(-1, match, "the asked-about shape is unique in the image");
                        match = k;
                    }
                }
                int color = 0;
                for (int c = 1; c < DemoWorld.COLORS.size(); c++) {
                    if (block(r, match, c * DemoWorld.BLOCK) > block(r, match, color * DemoWorld.BLOCK)) {
                        color = c;
                    }
                }
                assertEquals(DemoWorld.COLORS.get(color), s.multipleChoiceAnswer());
                checked++;
            }
        }
        assertTrue(checked > 20, "color questions checked: " + checked);
    }

    @Test
    void outputIsAPureFunctionOfTheSettings() throws IOException {
        DemoVqaGenerator.generate(dir.resolve("a"), SMALL);
        DemoVqaGenerator.generate(dir.resolve("b"), SMALL);
        for (String f : List.of("regions.arrow", "vqa_train.arrow", "vqa_test.arrow", "vocab.txt", "answers.txt")) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(f)), Files.readAllBytes(dir.resolve("b").resolve(f)), f);
        }
    }

    private static double block(Region r, int box, int start) {
        double sum = 0;
        for (int j = start; j < start + DemoWorld.BLOCK; j++) {
            sum += r.feature(box, j);
        }
        return sum / DemoWorld.BLOCK;
    }
}
