package org.vlbert.data.vcr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vlbert.data.testutil.TestBatches.floats;
import static org.vlbert.data.testutil.TestBatches.longs;
import static org.vlbert.data.testutil.TestBatches.region;
import static org.vlbert.data.testutil.TestBatches.slice;
import static org.vlbert.data.vcr.VcrTextTest.AND;
import static org.vlbert.data.vcr.VcrTextTest.PIECES;
import static org.vlbert.data.vcr.VcrTextTest.obj;
import static org.vlbert.data.vcr.VcrTextTest.w;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vlbert.data.image.ImageTransform;
import org.vlbert.data.image.RgbImage;
import org.vlbert.data.load.BatchTensor;
import org.vlbert.data.regions.Region;
import org.vlbert.data.testutil.TestBatches;

/** The VCR batch tensors for hand-made items, checked against hand-computed values. */
class VcrCollatorTest {
    private static final int D = 3;

    private static VcrCollator.Settings settings(VcrTask task, double flip, boolean relevant) {
        return new VcrCollator.Settings(task, VcrText.Mode.LABELLED, true, relevant, 64, flip, 600, 1200, 14);
    }

    /** A schedule over one batch of the given dataset indices whose persons are listed per index. */
    private static PersonNameSchedule schedule(int[] persons, int... batch) {
        return new PersonNameSchedule(persons, 4, e -> new int[][] {batch});
    }

    private static VcrItem itemA() {
        // 100x50 image: SCALES (600, 1200) give 1200x600, both scales 12
        List<List<VcrToken>> answers = List.of(List.of(w(40)), List.of(w(41)), List.of(obj(1)), List.of(w(42), w(43)));
        return new VcrItem("a", null, "a.jpg", "a.json", List.of("person", "dog"), List.of(obj(0), w(30)), answers,
                answers, 3, 0, 100, 50, new float[][] {{10, 5, 20, 15, 0.9f}, {0, 0, 99, 49, 0.8f}},
                new float[2][0][]);
    }

    private static VcrItem itemB() {
        // 40x80 image: 600x1200, scales 15
        List<List<VcrToken>> answers = List.of(List.of(w(44)), List.of(w(45)), List.of(w(46)), List.of(obj(0)));
        return new VcrItem("b", null, "b.jpg", "b.json", List.of("cat"), List.of(w(31)), answers, answers, 1, 2, 40, 80,
                new float[][] {{2, 4, 10, 20, 0.5f}}, new float[1][0][]);
    }

    private static Region regionA() {
        return region("a.jpg", 100, 50, D, new float[] {10, 5, 20, 15, 0, 0, 99, 49}, new float[] {1, 2, 3, 5, 6, 7},
                null, null);
    }

    private static Region regionB() {
        return region("b.jpg", 40, 80, D, new float[] {2, 4, 10, 20}, new float[] {9, 9, 9},
                new float[] {0.5f, 0.5f, 0.5f}, null);
    }

    @Test
    void precomputedBatchHasTheReferenceLayoutAndPadding() {
        int[] persons = new int[8];
        persons[7] = 1;
        VcrCollator c = new VcrCollator(settings(VcrTask.Q2A, 0, false), PIECES::get, AND, schedule(persons, 7, 3));
        Map<String, BatchTensor> t = TestBatches.collate(c,
                List.of(new VcrExample(itemA(), regionA()), new VcrExample(itemB(), regionB())), 0, 0, 1, 7, 3);
        assertEquals(List.of("boxes", "box_features", "question", "answer_choices", "answer_label", "im_info"),
                List.copyOf(t.keySet()));

        assertArrayEquals(new long[] {2, 3, 6}, t.get("boxes").shape());
        float[] boxes = floats(t.get("boxes"));
        assertArrayEquals(new float[] {0, 0, 1188, 588, 1, 0}, slice(boxes, 0, 6));
        assertArrayEquals(new float[] {120, 60, 240, 180, 0.9f, 1}, slice(boxes, 6, 12));   // person = class 1
        assertArrayEquals(new float[] {0, 0, 1188, 588, 0.8f, 17}, slice(boxes, 12, 18));  // dog = class 17
        assertArrayEquals(new float[] {0, 0, 585, 1185, 1, 0}, slice(boxes, 18, 24));
        assertArrayEquals(new float[] {30, 60, 150, 300, 0.5f, 16}, slice(boxes, 24, 30));  // cat = class 16
        assertArrayEquals(new float[] {-1, -1, -1, -1, -1, -1}, slice(boxes, 30, 36));

        // whole-image feature: the mean of the regions (a) or the stored one (b); padding rows 0
        assertArrayEquals(new float[] {3, 4, 5, 1, 2, 3, 5, 6, 7, 0.5f, 0.5f, 0.5f, 9, 9, 9, 0, 0, 0},
                floats(t.get("box_features")));

        assertArrayEquals(new long[] {2, 2, 3}, t.get("question").shape());
        // "Casey" (the counter starts at 0 for this batch) tagged with box 1, then a word
        assertArrayEquals(new long[] {50, 1, 0, 30, 0, 1, 31, 0, 0, -2, -2, -2}, longs(t.get("question")));
        assertArrayEquals(new long[] {2, 4, 2, 3}, t.get("answer_choices").shape());
        long[] a = longs(t.get("answer_choices"));
        assertArrayEquals(new long[] {40, 0, 0, -2, -2, -2}, slice(a, 0, 6));
        assertArrayEquals(new long[] {60, 2, 0, -2, -2, -2}, slice(a, 12, 18));
        assertArrayEquals(new long[] {42, 0, 0, 43, 0, 1}, slice(a, 18, 24));
        assertArrayEquals(new long[] {61, 1, 0, -2, -2, -2}, slice(a, 42, 48));
        assertArrayEquals(new long[] {3, 1}, longs(t.get("answer_label")));
        // im_info ends with the dataset index
        assertArrayEquals(new float[] {1200, 600, 12, 12, 7, 600, 1200, 15, 15, 3}, floats(t.get("im_info")));
    }

    @Test
    void flippedBoxesMirrorInTheResizedImageAndAreClamped() {
        VcrCollator c = new VcrCollator(settings(VcrTask.Q2A, 1.0, false), PIECES::get, AND,
                schedule(new int[1], 0));
        float[] boxes = floats(TestBatches.collate(c, List.of(new VcrExample(itemA(), regionA())), 0, 0, 1)
                .get("boxes"));
        // W = 1200: x1' = 1199 - x2, x2' = 1199 - x1, clamped to [0, 1199]
        assertArrayEquals(new float[] {11, 0, 1199, 588}, slice(boxes, 0, 4));
        assertArrayEquals(new float[] {959, 60, 1079, 180}, slice(boxes, 6, 10));
    }

    @Test
    void namesContinueAcrossTheBatchFromTheScheduledCounter() {
        VcrItem personAndDog = new VcrItem("p", null, "a.jpg", "a.json", List.of("person", "dog"),
                List.of(obj(0), obj(1)), itemA().answerChoices(), itemA().answerChoices(), 0, 0, 100, 50,
                itemA().boxes(), itemA().segms());
        int[] persons = {1, 1, 1};
        // batch 4 with W = 4 follows batch 0 (on the same worker), which held 12 persons: counter 12
        PersonNameSchedule names = new PersonNameSchedule(persons, 4, e -> new int[][] {
            {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, {1}, {1}, {1}, {0, 1}});
        VcrCollator c = new VcrCollator(settings(VcrTask.Q2A, 0, false), PIECES::get, AND, names);
        long[] q = longs(TestBatches.collate(c, List.of(new VcrExample(personAndDog, regionA()),
                new VcrExample(personAndDog, regionA())), 0, 4, 1, 0, 1).get("question"));
        // first item: counter 12 -> "Quinn"; second item: the counter wrapped to 0 -> "Casey"
        assertEquals(54, q[0]);
        assertEquals(50, q[6]);
    }

    @Test
    void queriesNameTheirPersonsFromCaseyWhateverTheBatch() {
        VcrItem personAndDog = new VcrItem("p", null, "a.jpg", "a.json", List.of("person", "dog"),
                List.of(obj(0), obj(1)), itemA().answerChoices(), itemA().answerChoices(), null, null, 100, 50,
                itemA().boxes(), itemA().segms());
        VcrCollator c = new VcrCollator(new VcrCollator.Settings(VcrTask.Q2A, VcrText.Mode.QUERY, true, false, 64, 0,
                600, 1200, 14), PIECES::get, AND, PersonNameSchedule.perSample());
        Map<String, BatchTensor> t = TestBatches.collate(c, List.of(new VcrExample(personAndDog, regionA()),
                new VcrExample(personAndDog, regionA())), 0, 4, 1, 0, 1);
        assertEquals(List.of("boxes", "box_features", "question", "answer_choices", "im_info"),
                List.copyOf(t.keySet()), "queries have no label");
        long[] q = longs(t.get("question"));
        assertEquals(50, q[0], "Casey");
        assertEquals(50, q[6], "Casey again: the counter restarts at every query");
    }

    @Test
    void onlyRelevantDetectionsPicksTheMentionedRegionFeatures() {
        VcrItem item = new VcrItem("r", null, "a.jpg", "a.json", List.of("person", "dog"), List.of(obj(1)),
                List.of(List.of(w(1)), List.of(w(1)), List.of(w(1)), List.of(w(1))), List.of(), 0, null, 100, 50,
                itemA().boxes(), itemA().segms());
        VcrCollator.Settings s = settings(VcrTask.Q2A, 0, true);
        assertEquals(0, VcrCollator.persons(item, s), "the unmentioned person does not advance the counter");
        VcrCollator c = new VcrCollator(s, PIECES::get, AND, schedule(new int[1], 0));
        Map<String, BatchTensor> t = TestBatches.collate(c, List.of(new VcrExample(item, regionA())), 0, 0, 1);
        assertArrayEquals(new long[] {1, 2, 6}, t.get("boxes").shape());
        assertArrayEquals(new float[] {0, 0, 1188, 588, 0.8f, 17}, slice(floats(t.get("boxes")), 6, 12));
        // the image feature is still the mean over all regions of the image
        assertArrayEquals(new float[] {3, 4, 5, 5, 6, 7}, floats(t.get("box_features")));
        assertArrayEquals(new long[] {60, 1, 0}, longs(t.get("question")));
    }

    @Test
    void regionRowsMustMatchTheObjects() {
        VcrCollator c = new VcrCollator(settings(VcrTask.Q2A, 0, false), PIECES::get, AND, schedule(new int[1], 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TestBatches.collate(c, List.of(new VcrExample(itemA(), regionB())), 0, 0, 1));
        assertTrue(e.getMessage().contains("has 1 region features but 2 objects"), e.getMessage());
    }

    @Test
    void qa2rFeedsQuestionPlusAnswerAndTheRationaleLabel() {
        VcrCollator c = new VcrCollator(settings(VcrTask.QA2R, 0, false), PIECES::get, AND,
                schedule(new int[] {1}, 0));
        Map<String, BatchTensor> t = TestBatches.collate(c, List.of(new VcrExample(itemA(), regionA())), 0, 0, 1);
        // question "Casey sit" + the correct answer (choice 3: two words)
        assertArrayEquals(new long[] {50, 1, 0, 30, 0, 1, 42, 0, 0, 43, 0, 1}, longs(t.get("question")));
        assertArrayEquals(new long[] {0}, longs(t.get("answer_label")));
    }

    @Test
    void qa2rTestModeStacksTheQuestionWithEachAnswerPaddedToTheLongestVariant() {
        VcrCollator c = new VcrCollator(new VcrCollator.Settings(VcrTask.QA2R, VcrText.Mode.TEST, true, false, 64, 0,
                600, 1200, 14), PIECES::get, AND, schedule(new int[] {1, 0}, 0, 1));
        Map<String, BatchTensor> t = TestBatches.collate(c, List.of(new VcrExample(itemA(), regionA()),
                new VcrExample(itemB(), regionB())), 0, 0, 1);
        assertEquals(List.of("boxes", "box_features", "question", "answer_choices", "im_info"),
                List.copyOf(t.keySet()), "no label in test mode");
        // longest variant: item a's question (2 tokens) + answer 3 (2 tokens)
        assertArrayEquals(new long[] {2, 4, 4, 3}, t.get("question").shape());
        long[] q = longs(t.get("question"));
        // item a, variant 2: "Casey sit" + answer 2 = object 1 (dog, box 2), padded with -2
        assertArrayEquals(new long[] {50, 1, 0, 30, 0, 1, 60, 2, 0, -2, -2, -2},
                Arrays.copyOfRange(q, 2 * 12, 3 * 12));
        // item b, variant 0: "w31" + answer 0 (w44)
        assertArrayEquals(new long[] {31, 0, 0, 44, 0, 0, -2, -2, -2, -2, -2, -2},
                Arrays.copyOfRange(q, 4 * 12, 5 * 12));
    }

    @Test
    void pixelPathPadsImagesToTheFixedOrientationSizeAndRasterisesMasks() {
        // a landscape 4x2 and a portrait 2x4 image with SCALES (4, 8): resized to 8x4 and 4x8, fixed-padded
        // to 4x8 and 8x4 (h x w), so the batch is 8x8
        RgbImage land = uniform(4, 2);
        RgbImage port = uniform(2, 4);
        VcrItem a = new VcrItem("a", null, "land", "m", List.of("dog"), List.of(w(1)),
                List.of(List.of(w(1)), List.of(w(1)), List.of(w(1)), List.of(w(1))), List.of(), 0, null, 4, 2,
                new float[][] {{0, 0, 3, 1, 1}}, new float[][][] {{{0, 0, 3, 0, 3, 1, 0, 1}}});
        VcrItem b = new VcrItem("b", null, "port", "m", List.of(), List.of(w(1)), a.answerChoices(), List.of(), 0,
                null, 2, 4, new float[0][], new float[0][][]);
        ImageTransform tf = ImageTransform.reference(4, 8);
        VcrCollator c = new VcrCollator(new VcrCollator.Settings(VcrTask.Q2A, VcrText.Mode.LABELLED, true, false, 64, 0,
                4, 8, 14),
                PIECES::get, AND, schedule(new int[2], 0, 1), fn -> fn.equals("land") ? land : port, tf);
        Map<String, BatchTensor> t = TestBatches.collate(c, List.of(new VcrExample(a, null),
                new VcrExample(b, null)), 0, 0, 1);
        assertEquals(List.of("boxes", "image", "masks", "question", "answer_choices", "answer_label", "im_info"),
                List.copyOf(t.keySet()));
        assertArrayEquals(new long[] {2, 3, 8, 8}, t.get("image").shape());
        float[] img = floats(t.get("image"));
        float blue = 30 - ImageTransform.PIXEL_MEANS[0];
        assertEquals(blue, img[0], 1e-4);                       // image a, B plane, (0, 0)
        assertEquals(blue, img[3 * 8 + 7], 1e-4);               // row 3, col 7: inside the 8x4 image
        assertEquals(0f, img[4 * 8]);                           // row 4: padding
        assertEquals(blue, img[3 * 64 + 7 * 8 + 3], 1e-4);      // image b, row 7, col 3
        assertEquals(0f, img[3 * 64 + 7 * 8 + 4]);              // image b, col 4: padding

        assertArrayEquals(new long[] {2, 2, 14, 14}, t.get("masks").shape());
        float[] m = floats(t.get("masks"));
        float[] expected = new float[196];
        Arrays.fill(expected, 0, 196, 0f);
        // the box's rectangle maps to u in [0, 10.5], v in [0, 7]: cells rows 0..6, cols 0..10 (half-open crossing test)
        for (int r = 0; r < 7; r++) {
            Arrays.fill(expected, r * 14, r * 14 + 11, 1f);
        }
        assertArrayEquals(onesOf(196), slice(m, 0, 196), "the whole-image mask is all ones");
        assertArrayEquals(expected, slice(m, 196, 392));
        assertArrayEquals(onesOf(196), slice(m, 392, 588));
        float[] pad = new float[196];
        Arrays.fill(pad, -1f);
        assertArrayEquals(pad, slice(m, 588, 784));
    }

    @Test
    void flippedMasksMirrorTheirColumns() {
        float[] mask = InstanceMasks.rasterise(new float[][] {{0, 0, 3, 0, 3, 1, 0, 1}}, new float[] {0, 0, 3, 1}, 14);
        assertEquals(1f, mask[0]);
        assertEquals(0f, mask[13]);
        RgbImage land = uniform(4, 2);
        VcrItem a = new VcrItem("a", null, "land", "m", List.of("dog"), List.of(w(1)),
                List.of(List.of(w(1)), List.of(w(1)), List.of(w(1)), List.of(w(1))), List.of(), 0, null, 4, 2,
                new float[][] {{0, 0, 3, 1, 1}}, new float[][][] {{{0, 0, 3, 0, 3, 1, 0, 1}}});
        VcrCollator c = new VcrCollator(new VcrCollator.Settings(VcrTask.Q2A, VcrText.Mode.LABELLED, true, false, 64, 1.0,
                4, 8, 14),
                PIECES::get, AND, schedule(new int[1], 0), fn -> land, ImageTransform.reference(4, 8));
        float[] m = floats(TestBatches.collate(c, List.of(new VcrExample(a, null)), 0, 0, 1).get("masks"));
        assertEquals(0f, m[196]);
        assertEquals(1f, m[196 + 13]);
        assertEquals(1f, m[196 + 3]);
        assertEquals(0f, m[196 + 2]);
    }

    private static float[] onesOf(int n) {
        float[] v = new float[n];
        Arrays.fill(v, 1f);
        return v;
    }

    private static RgbImage uniform(int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < w * h; i++) {
            rgb[i * 3] = 10;
            rgb[i * 3 + 1] = 20;
            rgb[i * 3 + 2] = 30;
        }
        return new RgbImage(w, h, rgb);
    }
}
