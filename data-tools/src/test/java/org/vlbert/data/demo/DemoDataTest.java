package org.vlbert.data.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.data.load.Dataset;
import org.vlbert.data.pretrain.CaptionDataset;
import org.vlbert.data.refcoco.CandidateBoxes;
import org.vlbert.data.refcoco.RefcocoDataset;
import org.vlbert.data.refcoco.RefcocoRef;
import org.vlbert.data.refcoco.RefcocoRefs;
import org.vlbert.data.regions.Region;
import org.vlbert.data.regions.RegionFeatures;
import org.vlbert.data.testutil.SimpleTokenizer;
import org.vlbert.data.text.TextFile;
import org.vlbert.data.text.TextRow;
import org.vlbert.data.vcr.VcrDataset;
import org.vlbert.data.vcr.VcrItem;
import org.vlbert.data.vcr.VcrItems;
import org.vlbert.data.vcr.VcrToken;

/** Every demo task's files in their real formats, joined with the shared regions as the loaders join them. */
class DemoDataTest {
    private static final DemoData.Settings SMALL = new DemoData.Settings(40, 50, 60, 3, 512, 3);

    @TempDir
    static Path dir;

    @BeforeAll
    static void generate() {
        DemoData.generate(dir, SMALL, EnumSet.allOf(DemoData.Task.class));
    }

    @Test
    void vcrItemsAreLabelledReferToTheirRegionsAndCarryTheTrueColourOrShape() throws IOException {
        SimpleTokenizer tok = SimpleTokenizer.fromVocab(dir.resolve("vocab.txt"));
        List<String> vocab = Files.readAllLines(dir.resolve("vocab.txt"));
        try (RegionFeatures regions = RegionFeatures.open(dir.resolve("regions.arrow"));
             VcrItems train = VcrItems.open(dir.resolve("vcr_train.arrow"));
             VcrItems test = VcrItems.open(dir.resolve("vcr_test.arrow"))) {
            assertEquals(60, train.size());
            assertEquals(12, test.size());
            VcrDataset joined = new VcrDataset(train, regions);
            assertArrayEquals(tok.convertTokensToIds(List.of("casey")), toLongs(train.namePieces("Casey")));
            assertEquals(vocab.indexOf("and"), train.andId());
            Set<String> kinds = new HashSet<>();
            for (int i = 0; i < train.size(); i++) {
                VcrItem item = joined.get(i).item();
                Region r = joined.get(i).region();
                assertEquals(r.numBoxes(), item.objects().size());
                assertEquals(4, item.answerChoices().size());
                assertEquals(4, item.rationaleChoices().size());
                int k = item.question().get(3).objects()[0];
                VcrToken word = item.answerChoices().get(item.answerLabel()).get(item.question().get(1).word()
                        .equals("color") ? 2 : 3);
                kinds.add(item.question().get(1).word());
                if (item.question().get(1).word().equals("color")) {
                    int colour = DemoWorld.COLORS.indexOf(word.word());
                    // the colour block of the referred object's feature is on (about 1; noise stays below 0.5)
                    assertTrue(r.feature(k, colour * DemoWorld.BLOCK) > 0.5f, item.annotId());
                } else {
                    assertEquals(DemoWorld.SHAPE_CLASSES.get(DemoWorld.SHAPES.indexOf(word.word())),
                            item.objects().get(k), item.annotId());
                }
                assertEquals(r.box(k, 0), item.boxes()[k][0]);
            }
            assertEquals(Set.of("color", "shape"), kinds);
            assertNull(test.get(0).answerLabel());
            assertNull(test.get(0).rationaleLabel());
        }
    }

    @Test
    void refcocoRefsSelectSplitsLikeReferAndTheirCandidatesAreTheRegionRows() {
        try (RegionFeatures regions = RegionFeatures.open(dir.resolve("regions.arrow"));
             RefcocoRefs refs = RefcocoRefs.open(dir.resolve("refcoco+.arrow"))) {
            assertEquals(60, refs.expressions("train").size());
            int testA = refs.expressions("testA").size();
            int testB = refs.expressions("testB").size();
            assertEquals(refs.expressions("test").size(), testA + testB);
            assertTrue(testA > 0 && testB > 0);
            assertTrue(refs.leftId() > 0 && refs.rightId() > 0);
            String[] imageIds = refs.imageIds("val+testA");
            Dataset<RefcocoRefs.Expression> expressions = refs.expressions("val+testA");
            assertEquals(expressions.size(), imageIds.length);
            RefcocoDataset joined = new RefcocoDataset(refs, "val+testA", CandidateBoxes.GT, List.of(regions));
            for (int i = 0; i < imageIds.length; i++) {
                assertEquals(expressions.get(i).ref().imageId(), imageIds[i]);
                assertEquals(imageIds[i], joined.get(i).features().get(0).imageId());
            }
            for (int i = 0; i < refs.size(); i++) {
                RefcocoRef ref = refs.get(i);
                Region r = regions.get(regions.indexOf(ref.imageId()));
                assertEquals(r.numBoxes(), ref.gtBoxes().length);
                boolean referredIsCandidate = false;
                for (int k = 0; k < r.numBoxes(); k++) {
                    assertEquals(r.box(k, 2), ref.gtBoxes()[k][2]);
                    referredIsCandidate |= java.util.Arrays.equals(ref.gtBox(), ref.gtBoxes()[k]);
                }
                assertTrue(referredIsCandidate, "ref " + ref.refId());
                assertNull(ref.proposalBoxes());
            }
        }
    }

    @Test
    void captionsJoinRegionsWithSoftClassScoresAndTheCorpusHasGrammarLines() throws IOException {
        try (RegionFeatures regions = RegionFeatures.open(dir.resolve("regions.arrow"));
             TextFile captions = TextFile.openCaptions(dir.resolve("captions_train.arrow"));
             TextFile corpus = TextFile.openCorpus(dir.resolve("corpus_val.arrow"))) {
            CaptionDataset joined = new CaptionDataset(captions, regions);
            assertEquals(60, joined.size());
            Region r = joined.get(0).region();
            assertEquals(DemoWorld.SCORE_CLASSES, r.classScoreDim());
            for (int k = 0; k < r.numBoxes(); k++) {
                double sum = 0;
                for (int c = 0; c < r.classScoreDim(); c++) {
                    sum += r.classScore(k, c);
                }
                assertEquals(1.0, sum, 1e-5);
            }
            TextRow caption = joined.get(0).caption();
            assertTrue(caption.text().startsWith("a "), caption.text());
            assertEquals(caption.text().split(" ").length, caption.pieces().words());
            assertEquals(12, corpus.size());
            assertNull(corpus.get(0).imageId());
            assertTrue(corpus.get(0).text().endsWith(" ."), corpus.get(0).text());
        }
    }

    @Test
    void sharedFilesAndTheVqaFilesDoNotDependOnTheTasksChosen(@TempDir Path other) throws IOException {
        DemoData.generate(other, SMALL, EnumSet.of(DemoData.Task.VQA));
        for (String f : List.of("vocab.txt", "regions.arrow", "vqa_train.arrow", "answers.txt")) {
            assertArrayEquals(Files.readAllBytes(dir.resolve(f)), Files.readAllBytes(other.resolve(f)), f);
        }
        for (String f : List.of("vcr_train.arrow", "refcoco+.arrow", "captions_train.arrow", "corpus_train.arrow")) {
            assertTrue(Files.exists(dir.resolve(f)), f + " is written with its task");
            assertFalse(Files.exists(other.resolve(f)), f + " written without its task");
        }
    }

    private static long[] toLongs(int[] v) {
        return java.util.Arrays.stream(v).asLongStream().toArray();
    }
}
