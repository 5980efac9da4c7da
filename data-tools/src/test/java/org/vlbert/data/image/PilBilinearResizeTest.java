package org.vlbert.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bit-exact against PIL's {@code resize(size, BILINEAR)} (oracle images written with Pillow 12.3.0). */
class PilBilinearResizeTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "53x37 -> {0}x{1}")
    @CsvSource({"20, 14", "90, 63", "40, 70", "53, 37", "17, 37"})
    void equalsPil(int w, int h) {
        RgbImage src = PilFixtures.read("source_53x37.png", dir);
        RgbImage expected = PilFixtures.read("pil_bilinear_" + w + "x" + h + ".png", dir);
        RgbImage got = PilBilinearResize.resize(src, w, h);
        assertEquals(w, got.width());
        assertEquals(h, got.height());
        assertArrayEquals(expected.rgb(), got.rgb(), "differs from PIL at " + firstDifference(expected, got));
    }

    private static String firstDifference(RgbImage a, RgbImage b) {
        for (int i = 0; i < a.rgb().length; i++) {
            if (a.rgb()[i] != b.rgb()[i]) {
                int p = i / 3;
                return "(x " + p % a.width() + ", y " + p / a.width() + ", channel " + i % 3 + "): PIL "
                        + (a.rgb()[i] & 0xff) + ", ours " + (b.rgb()[i] & 0xff);
            }
        }
        return "nowhere";
    }
}
