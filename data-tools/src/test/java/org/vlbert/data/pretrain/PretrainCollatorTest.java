package org.vlbert.data.pretrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vlbert.data.testutil.TestBatches.floats;
import static org.vlbert.data.testutil.TestBatches.longs;
import static org.vlbert.data.testutil.TestBatches.region;
import static org.vlbert.data.testutil.TestBatches.slice;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vlbert.data.load.BatchTensor;
import org.vlbert.data.load.Dataset;
import org.vlbert.data.regions.Region;
import org.vlbert.data.testutil.TestBatches;
import org.vlbert.data.text.TextRow;
import org.vlbert.data.text.WordPieces;
import org.vlbert.data.vqa.ImageResize;

/** Caption and corpus batches for hand-made rows with scripted random draws. */
class PretrainCollatorTest {
    private static final int CLS = 101;
    private static final int SEP = 102;
    private static final int MASK = 103;
    private static final WholeWordMasking WWM = new WholeWordMasking(30522, MASK);

    /**
     * 100x50 image (-> 1000x500, scales 10) with 3 regions whose largest class scores are 0.5, 0.8
     * and 0.4, so the sorted order is region 1, 0, 2.
     */
    private static Region image() {
        return region("img", 100, 50, 2, new float[] {0, 0, 10, 10, 10, 10, 20, 20, 50, 20, 60, 30},
                new float[] {1, 1, 2, 4, 3, 7}, null,
                new float[] {0.1f, 0.5f, 0.4f, 0.8f, 0.1f, 0.1f, 0.3f, 0.3f, 0.4f});
    }

    private static TextRow caption(String text, int[] pieces, int[] words) {
        return new TextRow("img", text, new WordPieces(pieces, words));
    }

    private static CaptionCollator.Settings settings(int seqLen, boolean rel, boolean mlm, boolean mvrc) {
        return new CaptionCollator.Settings(seqLen, true, 0, ImageResize.VQA, rel, mlm, mvrc, 3, CLS, SEP);
    }

    @Test
    void captionSampleSortsRegionsMasksWordsAndRegionsAndReaveragesTheImageFeature() {
        // draws: relationship p (task off), 3 words (mask, -, keep), 3 sorted regions (mask, -, keep)
        ScriptedDraws d = ScriptedDraws.doubles(0.9, 0.05, 0.5, 0.14, 0.01, 0.5, 0.14);
        CaptionCollator c = new CaptionCollator(settings(64, false, true, true), WWM, null, (ctx, row) -> d);
        TextRow text = caption("a bc d", new int[] {5, 6, 7, 8}, new int[] {1, 2, 1});
        Map<String, BatchTensor> t = TestBatches.collate(c, List.of(new CaptionExample(text, image())), 0, 0, 1, 4);
        assertTrue(d.exhausted());
        assertEquals(List.of("boxes", "im_info", "text", "relationship_label", "mlm_labels", "mvrc_ops", "mvrc_labels"),
                List.copyOf(t.keySet()));
        float[] b = floats(t.get("boxes"));
        assertArrayEquals(new long[] {1, 4, 6}, t.get("boxes").shape());
        // image feature: (3 * mean - masked region 1) / (3 - 1 + 1e-5) = ((6, 12) - (2, 4)) / 2.00001
        assertArrayEquals(new float[] {0, 0, 990, 490, 4f / 2.00001f, 8f / 2.00001f}, slice(b, 0, 6), 1e-6f);
        assertArrayEquals(new float[] {100, 100, 200, 200, 2, 4}, slice(b, 6, 12));
        assertArrayEquals(new float[] {0, 0, 100, 100, 1, 1}, slice(b, 12, 18));
        assertArrayEquals(new float[] {500, 200, 600, 300, 3, 7}, slice(b, 18, 24));
        assertArrayEquals(new float[] {1000, 500, 10, 10, 4}, floats(t.get("im_info")));
        assertArrayEquals(new long[] {CLS, MASK, 6, 7, 8, SEP}, longs(t.get("text")));
        assertArrayEquals(new long[] {-1, 5, -1, -1, 8, -1}, longs(t.get("mlm_labels")));
        assertArrayEquals(new long[] {1}, longs(t.get("relationship_label")));
        assertArrayEquals(new long[] {0, 1, 0, 0}, longs(t.get("mvrc_ops")));
        // soft labels: the masked region 1 and the kept-but-predicted region 2; zero rows elsewhere
        assertArrayEquals(new float[] {0, 0, 0, 0.8f, 0.1f, 0.1f, 0, 0, 0, 0.3f, 0.3f, 0.4f},
                floats(t.get("mvrc_labels")));
    }

    @Test
    void textAndBoxesAreTruncatedTogetherKeepingTheSep() {
        TextRow text = caption("a bc d", new int[] {5, 6, 7, 8}, new int[] {1, 2, 1});
        // 6 tokens + 4 boxes into 7: the text gives way three times (boxes are never more than the text)
        CaptionCollator c = new CaptionCollator(settings(7, false, true, false), WWM, null,
                (ctx, row) -> ScriptedDraws.doubles(0.9, 0.05, 0.5, 0.5));
        Map<String, BatchTensor> t = TestBatches.collate(c, List.of(new CaptionExample(text, image())), 0, 0, 1);
        assertArrayEquals(new long[] {CLS, MASK, SEP}, longs(t.get("text")));
        assertArrayEquals(new long[] {-1, 5, -1}, longs(t.get("mlm_labels")));
        assertArrayEquals(new long[] {1, 4, 6}, t.get("boxes").shape());
        assertEquals(List.of("boxes", "im_info", "text", "relationship_label", "mlm_labels"), List.copyOf(t.keySet()));
        // into 5 with MLM off: text 6 -> 3, then boxes 4 -> 3, then text 3 -> 2
        CaptionCollator d = new CaptionCollator(settings(5, false, false, false), WWM, null,
                (ctx, row) -> ScriptedDraws.doubles(0.9));
        Map<String, BatchTensor> u = TestBatches.collate(d, List.of(new CaptionExample(text, image())), 0, 0, 1);
        assertArrayEquals(new long[] {CLS, SEP}, longs(u.get("text")));
        assertArrayEquals(new long[] {1, 3, 6}, u.get("boxes").shape());
        // without MVRC the whole-image feature is the plain mean
        assertArrayEquals(new float[] {2, 4}, slice(floats(u.get("boxes")), 4, 6));
    }

    @Test
    void theRelationshipTaskSwapsInAnotherCaptionHalfTheTime() {
        List<TextRow> all = List.of(caption("x", new int[] {20}, new int[] {1}), caption("y", new int[] {21}, new int[] {1}),
                caption("z", new int[] {22}, new int[] {1}));
        Dataset<TextRow> captions = new Dataset<>() {
            @Override
            public int size() {
                return all.size();
            }

            @Override
            public TextRow get(int index) {
                return all.get(index);
            }
        };
        // p = 0.7 >= 0.5: negative; the first random index is the sample itself (1) and is drawn again
        CaptionCollator c = new CaptionCollator(settings(64, true, false, false), WWM, captions,
                (ctx, row) -> ScriptedDraws.doubles(0.7).ints(1, 2));
        Map<String, BatchTensor> t = TestBatches.collate(c, List.of(new CaptionExample(all.get(1), image())), 0, 0, 1,
                1);
        assertArrayEquals(new long[] {0}, longs(t.get("relationship_label")));
        assertArrayEquals(new long[] {CLS, 22, SEP}, longs(t.get("text")));
        CaptionCollator pos = new CaptionCollator(settings(64, true, false, false), WWM, captions,
                (ctx, row) -> ScriptedDraws.doubles(0.3));
        Map<String, BatchTensor> u = TestBatches.collate(pos, List.of(new CaptionExample(all.get(1), image())), 0, 0, 1,
                1);
        assertArrayEquals(new long[] {1}, longs(u.get("relationship_label")));
        assertArrayEquals(new long[] {CLS, 21, SEP}, longs(u.get("text")));
    }

    @Test
    void batchesPadBoxesTextAndLabels() {
        Region one = region("one", 100, 50, 2, new float[] {0, 0, 10, 10}, new float[] {9, 9}, null,
                new float[] {0.2f, 0.2f, 0.6f});
        TextRow a = caption("a bc d", new int[] {5, 6, 7, 8}, new int[] {1, 2, 1});
        TextRow b = caption("e", new int[] {9}, new int[] {1});
        CaptionCollator c = new CaptionCollator(settings(64, false, false, true), WWM, null,
                (ctx, row) -> row == 0 ? ScriptedDraws.doubles(0.9, 0.5, 0.5, 0.5) : ScriptedDraws.doubles(0.9, 0.01));
        Map<String, BatchTensor> t = TestBatches.collate(c, List.of(new CaptionExample(a, image()),
                new CaptionExample(b, one)), 0, 0, 1);
        assertArrayEquals(new long[] {2, 4, 6}, t.get("boxes").shape());
        assertArrayEquals(new float[] {-2, -2, -2, -2, -2, -2}, slice(floats(t.get("boxes")), 42, 48));
        assertArrayEquals(new long[] {CLS, 5, 6, 7, 8, SEP, CLS, 9, SEP, 0, 0, 0}, longs(t.get("text")));
        assertArrayEquals(new long[] {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1}, longs(t.get("mlm_labels")));
        assertArrayEquals(new long[] {0, 0, 0, 0, 0, 1, 0, 0}, longs(t.get("mvrc_ops")));
        // the only region of image "one" is masked: its image feature is 0 / (1 - 1 + 1e-5) = 0
        assertArrayEquals(new float[] {0, 0}, slice(floats(t.get("boxes")), 28, 30));
    }

    @Test
    void regionsSortByLargestClassScoreDescendingWithTheLaterRegionFirstOnTies() {
        // largest scores 0.5, -0.25, 0.5, 0.8, -0.5 (two all-negative rows, one tie)
        Region r = region("img", 10, 10, 1, new float[20], new float[5], null,
                new float[] {0.5f, 0.1f, -0.25f, -0.75f, 0.5f, 0.5f, 0.2f, 0.8f, -0.5f, -0.5f});
        assertArrayEquals(new int[] {3, 2, 0, 1, 4}, CaptionCollator.sortedByConfidence(r));
        Region unscored = region("img", 10, 10, 1, new float[12], new float[3], null, null);
        assertArrayEquals(new int[] {0, 1, 2}, CaptionCollator.sortedByConfidence(unscored));
    }

    @Test
    void corpusSegmentsAreMaskedThenCutWithoutSpecialTokens() {
        CorpusCollator c = new CorpusCollator(3, WWM, true,
                (ctx, row) -> row == 0 ? ScriptedDraws.doubles(0.5, 0.05, 0.5) : ScriptedDraws.doubles(0.5));
        Map<String, BatchTensor> t = TestBatches.collate(c, List.of(new WordPieces(new int[] {1, 2, 3, 4},
                new int[] {2, 1, 1}), new WordPieces(new int[] {5}, new int[] {1})), 0, 0, 1);
        assertEquals(List.of("aux_text", "aux_mlm_labels"), List.copyOf(t.keySet()));
        assertArrayEquals(new long[] {1, 2, MASK, 5, 0, 0}, longs(t.get("aux_text")));
        assertArrayEquals(new long[] {-1, -1, 3, -1, -1, -1}, longs(t.get("aux_mlm_labels")));
    }
}
