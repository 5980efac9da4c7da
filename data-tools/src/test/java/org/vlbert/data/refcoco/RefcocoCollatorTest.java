package org.vlbert.data.refcoco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vlbert.data.testutil.TestBatches.floats;
import static org.vlbert.data.testutil.TestBatches.longs;
import static org.vlbert.data.testutil.TestBatches.region;
import static org.vlbert.data.testutil.TestBatches.slice;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vlbert.data.image.ImageTransform;
import org.vlbert.data.image.RgbImage;
import org.vlbert.data.load.BatchTensor;
import org.vlbert.data.regions.Region;
import org.vlbert.data.testutil.TestBatches;
import org.vlbert.data.vqa.ImageResize;

/** RefCOCO+ batch tensors and IoU labels for hand-made refs, against hand-computed values. */
class RefcocoCollatorTest {
    private static final int LEFT = 11;
    private static final int RIGHT = 12;

    private static RefcocoCollator.Settings settings(CandidateBoxes boxes, boolean labels, double flip) {
        return new RefcocoCollator.Settings(boxes, labels, true, flip, ImageResize.VQA, LEFT, RIGHT);
    }

    /** 100x50 image (SCALES 600/1000 -> 1000x500, scales 10); the ref is box 0; box 3 overlaps it with IoU 0.67. */
    private static RefcocoRef wide() {
        float[][] gt = {{10, 5, 30, 25}, {0, 0, 40, 20}, {60, 10, 90, 40}, {10, 5, 30, 35}};
        float[][] proposals = {{0, 0, 99, 49}};
        return new RefcocoRef(1, 100, "7", "train", 18, "f", 100, 50, new float[] {10, 5, 30, 25},
                List.of(new RefSentence(1, "The LEFT dog", "the left dog", List.of("the", "left", "dog"),
                        new int[] {5, LEFT, 7})), gt, proposals);
    }

    /** 50x100 image: 500x1000, scales 10. */
    private static RefcocoRef tall() {
        return new RefcocoRef(2, 200, "8", "train", 1, "g", 50, 100, new float[] {0, 0, 10, 10},
                List.of(new RefSentence(2, "x", "x", List.of("x"), new int[] {9})), new float[][] {{0, 0, 10, 10}},
                null);
    }

    private static Region wideGt() {
        return region("7", 100, 50, 2, new float[16], new float[] {1, 1, 2, 2, 3, 3, 4, 4}, null, null);
    }

    private static Region tallGt() {
        return region("8", 50, 100, 2, new float[4], new float[] {8, 9}, new float[] {0.5f, 0.25f}, null);
    }

    @Test
    void boxesFeaturesLabelsAndPaddingFollowTheReference() {
        RefcocoCollator c = new RefcocoCollator(settings(CandidateBoxes.GT, true, 0));
        Map<String, BatchTensor> t = TestBatches.collate(c, List.of(new RefcocoExample(wide(), 0, List.of(wideGt())),
                new RefcocoExample(tall(), 0, List.of(tallGt()))), 0, 0, 1);
        assertEquals(List.of("boxes", "im_info", "expression", "label"), List.copyOf(t.keySet()));
        assertArrayEquals(new long[] {2, 5, 6}, t.get("boxes").shape());
        float[] b = floats(t.get("boxes"));
        // whole image (feature = mean of the candidates), then the gt boxes in file order
        assertArrayEquals(new float[] {0, 0, 990, 490, 2.5f, 2.5f}, slice(b, 0, 6));
        assertArrayEquals(new float[] {100, 50, 300, 250, 1, 1}, slice(b, 6, 12));
        assertArrayEquals(new float[] {600, 100, 900, 400, 3, 3}, slice(b, 18, 24));
        // second sample: stored whole-image feature, one candidate, three padding rows of -2
        assertArrayEquals(new float[] {0, 0, 490, 990, 0.5f, 0.25f, 0, 0, 100, 100, 8, 9}, slice(b, 30, 42));
        assertArrayEquals(new float[] {-2, -2, -2, -2, -2, -2}, slice(b, 54, 60));
        assertArrayEquals(new float[] {1000, 500, 10, 10, 500, 1000, 10, 10}, floats(t.get("im_info")));
        assertArrayEquals(new long[] {5, LEFT, 7, 9, 0, 0}, longs(t.get("expression")));
        // IoU > 0.5 with the referred box: itself (1.0) and box 3 (40401 / 60501 = 0.67); not box 1 (0.33)
        assertArrayEquals(new float[] {0, 1, 0, 0, 1, 0, 1, -1, -1, -1}, floats(t.get("label")));
    }

    @Test
    void flipsMirrorBoxesAndReferredBoxAndSwapLeftAndRight() {
        RefcocoCollator c = new RefcocoCollator(settings(CandidateBoxes.GT, true, 1.0));
        Map<String, BatchTensor> t = TestBatches.collate(c, List.of(new RefcocoExample(wide(), 0, List.of(wideGt()))),
                0, 0, 1);
        float[] b = floats(t.get("boxes"));
        assertArrayEquals(new float[] {699, 50, 899, 250}, slice(b, 6, 10));
        assertArrayEquals(new float[] {99, 100, 399, 400}, slice(b, 18, 22));
        assertArrayEquals(new long[] {5, RIGHT, 7}, longs(t.get("expression")));
        assertArrayEquals(new float[] {0, 1, 0, 0, 1}, floats(t.get("label")));
    }

    @Test
    void testModeHasNoLabels() {
        RefcocoCollator c = new RefcocoCollator(settings(CandidateBoxes.GT, false, 0));
        Map<String, BatchTensor> t = TestBatches.collate(c, List.of(new RefcocoExample(wide(), 0, List.of(wideGt()))),
                0, 0, 1);
        assertEquals(List.of("boxes", "im_info", "expression"), List.copyOf(t.keySet()));
    }

    @Test
    void proposalsComeBeforeGtBoxesAndTheImageFeatureAveragesBoth() {
        Region proposal = region("7", 100, 50, 2, new float[] {0, 0, 99, 49}, new float[] {10, 10}, null, null);
        RefcocoCollator c = new RefcocoCollator(settings(CandidateBoxes.PROPOSAL_AND_GT, true, 0));
        Map<String, BatchTensor> t = TestBatches.collate(c,
                List.of(new RefcocoExample(wide(), 0, List.of(proposal, wideGt()))), 0, 0, 1);
        float[] b = floats(t.get("boxes"));
        assertArrayEquals(new long[] {1, 6, 6}, t.get("boxes").shape());
        assertArrayEquals(new float[] {0, 0, 990, 490, 4, 4}, slice(b, 0, 6));     // (10 + 1 + 2 + 3 + 4) / 5
        assertArrayEquals(new float[] {0, 0, 990, 490, 10, 10}, slice(b, 6, 12));   // the proposal
        assertArrayEquals(new float[] {100, 50, 300, 250, 1, 1}, slice(b, 12, 18));
        assertArrayEquals(new float[] {0, 0, 1, 0, 0, 1}, floats(t.get("label")));
        assertEquals(CandidateBoxes.PROPOSAL_AND_GT, CandidateBoxes.parse("gt+proposal"));
    }

    @Test
    void featureRowsMustMatchTheCandidatesAndProposalsMustExist() {
        RefcocoCollator c = new RefcocoCollator(settings(CandidateBoxes.GT, true, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TestBatches.collate(c,
                List.of(new RefcocoExample(wide(), 0, List.of(tallGt()))), 0, 0, 1));
        assertTrue(e.getMessage().contains("1 region features for 4 gt boxes"), e.getMessage());
        RefcocoCollator p = new RefcocoCollator(settings(CandidateBoxes.PROPOSAL, true, 0));
        e = assertThrows(IllegalArgumentException.class, () -> TestBatches.collate(p,
                List.of(new RefcocoExample(tall(), 0, List.of(tallGt()))), 0, 0, 1));
        assertTrue(e.getMessage().contains("has no detections"), e.getMessage());
    }

    @Test
    void iouUsesThePlusOneConvention() {
        // two 10x10-pixel boxes (x2 - x1 + 1 = 10) sharing 5 columns: 50 / (100 + 100 - 50)
        assertEquals(1f / 3f, BoxIou.iou(new float[] {0, 0, 9, 9}, 0, new float[] {5, 0, 14, 9}, 0), 1e-7);
        assertEquals(0f, BoxIou.iou(new float[] {0, 0, 9, 9}, 0, new float[] {10, 0, 19, 9}, 0));
    }

    @Test
    void pixelPathFeedsTheImageAndFourColumnBoxes() {
        byte[] rgb = new byte[4 * 2 * 3];
        RgbImage img = new RgbImage(4, 2, rgb);
        RefcocoRef small = new RefcocoRef(3, 300, "9", "val", 1, "h", 4, 2, new float[] {0, 0, 1, 1},
                List.of(new RefSentence(3, "a", "a", List.of("a"), new int[] {4})), new float[][] {{0, 0, 1, 1}}, null);
        RefcocoCollator c = new RefcocoCollator(new RefcocoCollator.Settings(CandidateBoxes.GT, true, true, 0,
                new ImageResize(4, 8), LEFT, RIGHT), ref -> img, ImageTransform.reference(4, 8));
        Map<String, BatchTensor> t = TestBatches.collate(c, List.of(new RefcocoExample(small, 0, null)), 0, 0, 1);
        assertEquals(List.of("image", "boxes", "im_info", "expression", "label"), List.copyOf(t.keySet()));
        assertArrayEquals(new long[] {1, 3, 4, 8}, t.get("image").shape());
        assertArrayEquals(new long[] {1, 2, 4}, t.get("boxes").shape());
        // 4x2 -> 8x4, scales 2: the candidate (0, 0, 1, 1) becomes (0, 0, 2, 2)
        assertArrayEquals(new float[] {0, 0, 6, 2, 0, 0, 2, 2}, floats(t.get("boxes")));
        assertArrayEquals(new float[] {0, 1}, floats(t.get("label")));
    }
}
