package org.vlbert.data.vqa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.util.Float16;
import org.junit.jupiter.api.Test;
import org.vlbert.data.load.BatchContext;
import org.vlbert.data.load.BatchTensor;
import org.vlbert.data.load.BufferPool;
import org.vlbert.data.load.LoaderPosition;
import org.vlbert.data.regions.Region;

class VqaCollatorTest {
    private static final int D = 3;
    private static final AnswerVocabulary ANSWERS = new AnswerVocabulary(List.of("<unk>", "left", "right", "yes"));
    private static final int LEFT = 7;
    private static final int RIGHT = 8;

    @Test
    void resizeRuleMatchesTheReferenceFixtureImInfo() {
        // im_info rows of fixtures/reference/vqa/inputs/im_info.npy and their original sizes
        assertArrayEquals(new float[] {950f, 600f, 1.4913658f, 1.4925373f}, ImageResize.VQA.imInfo(637, 402));
        assertArrayEquals(new float[] {600f, 794f, 1.7699115f, 1.7683742f}, ImageResize.VQA.imInfo(339, 449));
        assertArrayEquals(new float[] {998f, 587f, 2.087866f, 2.088968f}, ImageResize.VQA.imInfo(478, 281));
        // the longer side limit truncates (int(), not round()): 1000*281/478 = 587.87
        assertArrayEquals(new int[] {600, 600}, ImageResize.VQA.size(600, 600));
        assertArrayEquals(new int[] {800, 600}, ImageResize.VQA.size(800, 600), "shorter side already equals size");
        assertArrayEquals(new int[] {900, 600}, ImageResize.VQA.size(600, 400));
    }

    @Test
    void boxesImInfoQuestionAndLabelsFollowTheReferenceLayout() {
        Region big = region("1", 637, 402, new float[] {10, 20, 110, 220, 600, 0, 700, 401},
                new float[] {1, 2, 3, 5, 6, 7}, null);
        Region small = region("2", 478, 281, new float[] {0, 0, 477, 280}, new float[] {9, 9, 9}, null);
        VqaSample q1 = sample(new int[] {5, 6, LEFT}, List.of("yes", "yes", "yes", "yes", "yes", "yes", "yes", "yes",
                "yes", "yes"));
        VqaSample q2 = sample(new int[] {5}, Collections.nCopies(10, "left"));
        Map<String, BatchTensor> t = collate(new VqaCollator(ImageResize.VQA, 0, true, ANSWERS, LEFT, RIGHT),
                List.of(new VqaExample(q1, big), new VqaExample(q2, small)));

        assertEquals(List.of("boxes", "im_info", "question", "label"), List.copyOf(t.keySet()));
        BatchTensor boxes = t.get("boxes");
        assertArrayEquals(new long[] {2, 3, 4 + D}, boxes.shape());
        float[] b = new float[2 * 3 * 7];
        boxes.floats().get(b);
        float sx = 950f / 637f;
        float sy = 600f / 402f;
        // whole-image box: fixture row 0 of sample 0 is [0, 0, 948.50867, 598.50745]
        assertArrayEquals(new float[] {0, 0, 948.50867f, 598.50745f, 3, 4, 5}, slice(b, 0, 7), 0f);
        assertEquals(636 * sx, b[2]);
        assertArrayEquals(new float[] {10 * sx, 20 * sy, 110 * sx, 220 * sy, 1, 2, 3}, slice(b, 7, 14));
        // x2 = 700*sx = 1043.96 is clamped to width-1
        assertArrayEquals(new float[] {600 * sx, 0, 949, 401 * sy, 5, 6, 7}, slice(b, 14, 21));
        // second image: whole box, its region, then one padding row of -2
        assertArrayEquals(new float[] {0, 0, 995.9121f, 584.9111f, 9, 9, 9}, slice(b, 21, 28));
        assertArrayEquals(new float[] {0, 0, 477 * (998f / 478f), 280 * (587f / 281f), 9, 9, 9}, slice(b, 28, 35));
        assertArrayEquals(new float[] {-2, -2, -2, -2, -2, -2, -2}, slice(b, 35, 42));

        float[] info = new float[8];
        t.get("im_info").floats().get(info);
        assertArrayEquals(new float[] {950, 600, 1.4913658f, 1.4925373f, 998, 587, 2.087866f, 2.088968f}, info);

        long[] question = new long[6];
        t.get("question").longs().get(question);
        assertArrayEquals(new long[] {5, 6, LEFT, 5, 0, 0}, question);

        float[] label = new float[8];
        t.get("label").floats().get(label);
        assertArrayEquals(new float[] {0, 0, 0, 1, 0, 1, 0, 0}, label);
    }

    @Test
    void flippedSamplesMirrorBoxesAndSwapLeftRightInQuestionAndAnswers() {
        Region r = region("1", 100, 50, new float[] {10, 5, 30, 20}, new float[] {1, 1, 1}, null);
        VqaSample q = sample(new int[] {LEFT, 4, RIGHT}, List.of("left", "left", "left", "on the left", "right",
                "left", "left", "left", "left", "left"));
        Map<String, BatchTensor> t = collate(new VqaCollator(ImageResize.VQA, 1.0, true, ANSWERS, LEFT, RIGHT),
                List.of(new VqaExample(q, r)));
        // 100×50 → 1000×500 (longer side limit), scale 10
        float[] b = new float[2 * 7];
        t.get("boxes").floats().get(b);
        assertArrayEquals(new float[] {999 - 990, 0, 999, 490}, slice(b, 0, 4));
        assertArrayEquals(new float[] {999 - 300, 50, 999 - 100, 200}, slice(b, 7, 11));
        long[] question = new long[3];
        t.get("question").longs().get(question);
        assertArrayEquals(new long[] {RIGHT, 4, LEFT}, question);
        float[] label = new float[4];
        t.get("label").floats().get(label);
        // 8×left → "right" 1.0; 1×right → "left" 0.3; "on the left" → "on the right" is not in the vocabulary
        assertArrayEquals(new float[] {0, 0.3f, 1.0f, 0}, label);
    }

    @Test
    void storedImageBoxFeatureAndFloat16FeaturesAreUsed() {
        ByteBuffer feats = direct(2 * D * 2);
        float[] values = {0.1f, 0.2f, 0.3f, 1.5f, 2.5f, 3.5f};
        for (int i = 0; i < values.length; i++) {
            feats.putShort(i * 2, Float16.toFloat16(values[i]));
        }
        ByteBuffer imageBox = direct(D * 2);
        for (int j = 0; j < D; j++) {
            imageBox.putShort(j * 2, Float16.toFloat16(-j));
        }
        Region r = new Region("x", 10, 10, 2, D, true, floats(0, 0, 1, 1, 2, 2, 3, 3), feats, imageBox, null, 0, null,
                0, null, null, null, null);
        Map<String, BatchTensor> t = collate(new VqaCollator(ImageResize.VQA, 0, false, ANSWERS, LEFT, RIGHT),
                List.of(new VqaExample(sample(new int[] {1}, null), r)));
        assertFalse(t.containsKey("label"), "test-time batches have no label");
        float[] b = new float[3 * 7];
        t.get("boxes").floats().get(b);
        assertArrayEquals(new float[] {0, -1, -2}, slice(b, 4, 7));
        for (int i = 0; i < values.length; i++) {
            assertEquals(Float16.toFloat(Float16.toFloat16(values[i])), b[7 * (1 + i / D) + 4 + i % D]);
        }
    }

    @Test
    void flippedTokenIdsSwapLeftAndRightOnlyWhenTheVocabularyHasBoth() {
        assertEquals(RIGHT, LeftRightSwap.swap(LEFT, LEFT, RIGHT));
        assertEquals(LEFT, LeftRightSwap.swap(RIGHT, LEFT, RIGHT));
        assertEquals(4, LeftRightSwap.swap(4, LEFT, RIGHT));
        assertEquals(LEFT, LeftRightSwap.swap(LEFT, LEFT, -1), "no 'right' to swap to");
        assertEquals(RIGHT, LeftRightSwap.swap(RIGHT, -1, RIGHT));
    }

    @Test
    void answerFlipSplitsOnSingleSpacesOnly() {
        assertEquals(List.of("right", "to the  left", "leftover", "Left"),
                VqaCollator.swapLeftRight(List.of("left", "to the  right", "leftover", "Left")));
        assertTrue(VqaCollator.swapLeftRight(List.of()).isEmpty());
    }

    private static Map<String, BatchTensor> collate(VqaCollator c, List<VqaExample> rows) {
        int[] idx = new int[rows.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        return c.collate(rows, new BatchContext(new LoaderPosition(0, 0), idx, 1, new BufferPool(4)));
    }

    private static VqaSample sample(int[] ids, List<String> answers) {
        SoftTarget t = answers == null ? null : SoftTarget.of(answers, ANSWERS);
        return new VqaSample(1, "1", "q", ids, answers, null, null, null, t == null ? null : t.indices(),
                t == null ? null : t.scores());
    }

    private static Region region(String id, int w, int h, float[] boxes, float[] feats, ByteBuffer imageBox) {
        return new Region(id, w, h, boxes.length / 4, D, false, floats(boxes), floats(feats), imageBox, null, 0, null, 0,
                null, null, null, null);
    }

    private static ByteBuffer floats(float... v) {
        ByteBuffer b = direct(v.length * 4);
        for (int i = 0; i < v.length; i++) {
            b.putFloat(i * 4, v[i]);
        }
        return b;
    }

    private static ByteBuffer direct(int bytes) {
        return ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static float[] slice(float[] a, int from, int to) {
        return java.util.Arrays.copyOfRange(a, from, to);
    }
}
