package org.vlbert.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageTransformTest {
    @ParameterizedTest(name = "{0}x{1} with ({2}, {3}) -> {4}x{5}")
    @CsvSource({
        "640, 480, 600, 1000, 800, 600",     // COCO landscape: shorter side to 600
        "480, 640, 600, 1000, 600, 800",
        "500, 333, 600, 1000, 900, 600",     // int(600 * 500 / 333) = 900
        "1000, 200, 600, 1000, 1000, 200",   // long side caps: size = int(1000*200/1000) = 200 = h, unchanged
        "1200, 300, 600, 1000, 1000, 250",   // ratio 4: size = 250
        "300, 300, 600, 1000, 600, 600",
        "600, 400, 600, 1000, 900, 600",
        "900, 600, 600, 1000, 900, 600",     // shorter side already 600: unchanged
        "1920, 1080, 600, 1200, 1066, 600",  // VCR SCALES
        "333, 1000, 600, 1000, 333, 1000",   // cap gives size int(333.0) = 333 = w: unchanged
    })
    void resizeRuleFollowsTheReference(int w, int h, int min, int max, int ow, int oh) {
        assertEquals(new ResizeRule.Size(ow, oh), ResizeRule.scaledSize(w, h, min, max));
    }

    private static RgbImage twoByOne() {
        // pixel (0,0) = RGB(10, 20, 30), pixel (1,0) = RGB(200, 100, 0)
        return new RgbImage(2, 1, new byte[] {10, 20, 30, (byte) 200, 100, 0});
    }

    @Test
    void normalisesToBgrTimes255MinusMeans() {
        PreparedImage p = new ImageTransform(1, 10, ImageTransform.PIXEL_MEANS, new float[] {1, 2, 4}).apply(twoByOne(), false);
        assertEquals(2, p.width());
        assertEquals(1, p.height());
        // plane 0 = B, 1 = G, 2 = R; G divided by 2, R by 4
        assertArrayEquals(new float[] {
            30f - 102.9801f, 0f - 102.9801f,
            (20f - 115.9465f) / 2, (100f - 115.9465f) / 2,
            (10f - 122.7717f) / 4, (200f - 122.7717f) / 4}, p.chw(), 1e-4f);
    }

    @Test
    void flipMirrorsPixelsAndBoxes() {
        PreparedImage p = ImageTransform.reference(1, 10).apply(twoByOne(), true);
        assertEquals(0f - 102.9801f, p.chw()[0], 1e-4f);
        assertEquals(30f - 102.9801f, p.chw()[1], 1e-4f);
        assertArrayEquals(new float[] {0, 0, 1, 0}, p.transformBoxes(new float[] {0, 0, 1, 0}));
        assertArrayEquals(new float[] {1, 0, 1, 0}, p.transformBoxes(new float[] {0, 0, 0, 0}));
    }

    @Test
    void boxesAreScaledAndClampedAndImInfoIsSet() {
        RgbImage img = new RgbImage(4, 2, new byte[24]);
        PreparedImage p = ImageTransform.reference(4, 100).apply(img, false);         // 4x2 -> 8x4
        assertArrayEquals(new float[] {8, 4, 2, 2}, p.imInfo());
        assertArrayEquals(new float[] {2, 1, 7, 3, 0, 0, 7, 3},
                p.transformBoxes(new float[] {1, 0.5f, 3.5f, 1.5f, -3, -1, 9, 9}));
        assertThrows(IllegalArgumentException.class, () -> p.transformBoxes(new float[3]));
    }

    @Test
    void batchIsZeroPaddedBottomRight() {
        ImageTransform t = ImageTransform.reference(2, 100);
        PreparedImage a = t.apply(new RgbImage(4, 2, new byte[24]), false);           // 4x2 stays
        PreparedImage b = t.apply(new RgbImage(2, 3, new byte[18]), false);           // 2x3 stays
        ImageBatch batch = ImageBatch.pad(List.of(a, b));
        assertArrayEquals(new long[] {2, 3, 3, 4}, batch.shape());
        int hw = 12;
        assertEquals(a.chw()[0], batch.data()[0]);
        assertEquals(0f, batch.data()[2 * 4]);                                        // image a, row 2: padding
        assertEquals(b.chw()[0], batch.data()[3 * hw]);
        assertEquals(0f, batch.data()[3 * hw + 2]);                                   // image b, column 2: padding
    }
}
