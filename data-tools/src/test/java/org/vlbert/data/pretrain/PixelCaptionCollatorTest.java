package org.vlbert.data.pretrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vlbert.data.testutil.TestBatches.floats;
import static org.vlbert.data.testutil.TestBatches.longs;
import static org.vlbert.data.testutil.TestBatches.region;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vlbert.data.image.ImageTransform;
import org.vlbert.data.image.PreparedImage;
import org.vlbert.data.image.RgbImage;
import org.vlbert.data.load.BatchTensor;
import org.vlbert.data.regions.Region;
import org.vlbert.data.testutil.TestBatches;
import org.vlbert.data.text.TextRow;
import org.vlbert.data.text.WordPieces;
import org.vlbert.data.vqa.ImageResize;

/** End-to-end pretraining batches: the image, coordinate-only boxes and the raw-pixel masking rule. */
class PixelCaptionCollatorTest {
    private static final WholeWordMasking WWM = new WholeWordMasking(30522, 103);
    /** RGB (200, 100, 50) normalised: BGR minus the reference means. */
    private static final float[] COLOUR = {50f - 102.9801f, 100f - 115.9465f, 200f - 122.7717f};

    @Test
    void maskedRoisAreZeroedOverTheirInclusiveIntegerExtentInEveryChannel() {
        float[] planes = new float[3 * 5 * 6];
        Arrays.fill(planes, 7f);
        PreparedImage img = new PreparedImage(6, 5, 6, 5, 1f, 1f, false, planes);
        // box 0 masked: x 1.7..3.9 -> columns 1..3, y 0.2..2.5 -> rows 0..2; box 1 kept; box 2 masked at the edge
        float[] boxes = {1.7f, 0.2f, 3.9f, 2.5f, 0f, 0f, 5f, 4f, 5f, 3f, 5f, 4f};
        RawPixelMasking.apply(img, boxes, new int[] {1, 0, 1});
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 5; y++) {
                for (int x = 0; x < 6; x++) {
                    boolean first = x >= 1 && x <= 3 && y <= 2;
                    boolean edge = x == 5 && y >= 3;
                    assertEquals(first || edge ? 0f : 7f, planes[(c * 5 + y) * 6 + x], "c" + c + " y" + y + " x" + x);
                }
            }
        }
    }

    private static Region image() {
        return region("img", 100, 50, 2, new float[] {0, 0, 10, 10, 10, 10, 20, 20, 50, 20, 60, 30},
                new float[] {1, 1, 2, 4, 3, 7}, null,
                new float[] {0.1f, 0.5f, 0.4f, 0.8f, 0.1f, 0.1f, 0.3f, 0.3f, 0.4f});
    }

    private static Map<String, BatchTensor> collate(boolean maskRawPixels) {
        byte[] rgb = new byte[100 * 50 * 3];
        for (int i = 0; i < rgb.length; i += 3) {
            rgb[i] = (byte) 200;
            rgb[i + 1] = (byte) 100;
            rgb[i + 2] = (byte) 50;
        }
        RgbImage decoded = new RgbImage(100, 50, rgb);
        CaptionCollator.Pixels pixels = new CaptionCollator.Pixels(id -> {
            assertEquals("img", id);
            return decoded;
        }, ImageTransform.reference(20, 40), maskRawPixels);
        CaptionCollator.Settings settings = new CaptionCollator.Settings(64, true, 0, ImageResize.VQA, false, true, true,
                3, 101, 102);
        // draws: relationship p, 3 words (mask, -, keep), 3 sorted regions (mask, -, keep)
        ScriptedDraws d = ScriptedDraws.doubles(0.9, 0.05, 0.5, 0.14, 0.01, 0.5, 0.14);
        CaptionCollator c = new CaptionCollator(settings, WWM, null, (ctx, row) -> d, pixels);
        TextRow text = new TextRow("img", "a bc d", new WordPieces(new int[] {5, 6, 7, 8}, new int[] {1, 2, 1}));
        Map<String, BatchTensor> t = TestBatches.collate(c, List.of(new CaptionExample(text, image())), 0, 0, 1, 4);
        assertTrue(d.exhausted());
        return t;
    }

    private static float pixel(float[] image, int c, int y, int x) {
        return image[(c * 20 + y) * 40 + x];
    }

    @Test
    void theImageComesFirstBoxesAreCoordinatesAndTheMaskedRegionIsBlanked() {
        Map<String, BatchTensor> t = collate(true);
        assertEquals(List.of("image", "boxes", "im_info", "text", "relationship_label", "mlm_labels", "mvrc_ops",
                "mvrc_labels"), List.copyOf(t.keySet()));
        // 100x50 -> 40x20 (SCALES 20/40), scale 0.4; regions sorted 1, 0, 2 after the whole image
        assertArrayEquals(new long[] {1, 3, 20, 40}, t.get("image").shape());
        assertArrayEquals(new long[] {1, 4, 4}, t.get("boxes").shape());
        assertArrayEquals(new float[] {0, 0, 39, 19, 4, 4, 8, 8, 0, 0, 4, 4, 20, 8, 24, 12}, floats(t.get("boxes")),
                1e-5f);
        assertArrayEquals(new float[] {40, 20, 0.4f, 0.4f, 4}, floats(t.get("im_info")));
        assertArrayEquals(new long[] {0, 1, 0, 0}, longs(t.get("mvrc_ops")));
        float[] image = floats(t.get("image"));
        for (int c = 0; c < 3; c++) {
            // box (4, 4, 8, 8) is masked: rows and columns 4..8 inclusive are the pixel mean (0)
            assertEquals(0f, pixel(image, c, 4, 4));
            assertEquals(0f, pixel(image, c, 8, 8));
            assertEquals(COLOUR[c], pixel(image, c, 9, 8), 1e-4f);
            assertEquals(COLOUR[c], pixel(image, c, 3, 3), 1e-4f);
            // the kept-but-predicted region 2 is not blanked
            assertEquals(COLOUR[c], pixel(image, c, 10, 22), 1e-4f);
        }
    }

    @Test
    void withoutRawPixelMaskingTheImageIsUntouched() {
        float[] image = floats(collate(false).get("image"));
        for (int c = 0; c < 3; c++) {
            assertEquals(COLOUR[c], pixel(image, c, 6, 6), 1e-4f);
        }
    }
}
