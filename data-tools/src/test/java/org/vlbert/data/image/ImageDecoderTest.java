package org.vlbert.data.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {
    @TempDir
    Path dir;

    /**
     * javax.imageio's JPEG decoder (IJG libjpeg) against PIL's (libjpeg-turbo): both use the
     * accurate integer IDCT and the same ("fancy") chroma upsampling, so baseline 4:2:0, 4:4:4
     * and progressive files decode to identical pixels.
     */
    @ParameterizedTest
    @ValueSource(strings = {"photo", "photo_444", "photo_progressive"})
    void jpegDecodesLikePil(String name) {
        RgbImage ours = PilFixtures.read(name + ".jpg", dir);
        RgbImage pil = PilFixtures.read(name + "_decoded_by_pil.png", dir);
        assertEquals(pil.width(), ours.width());
        assertEquals(pil.height(), ours.height());
        int max = 0;
        long sum = 0;
        int differing = 0;
        for (int i = 0; i < pil.rgb().length; i++) {
            int d = Math.abs((pil.rgb()[i] & 0xff) - (ours.rgb()[i] & 0xff));
            max = Math.max(max, d);
            sum += d;
            differing += d == 0 ? 0 : 1;
        }
        double mean = (double) sum / pil.rgb().length;
        assertTrue(max <= 0, "max |diff| " + max + ", mean " + mean + ", differing values " + differing + " of "
                + pil.rgb().length);
    }

    @Test
    void greyPngIsReplicatedNotColourManaged() {
        RgbImage g = PilFixtures.read("gray.png", dir);
        assertEquals(30, g.width());
        for (int i = 0; i < g.width() * g.height(); i++) {
            assertEquals(g.rgb()[i * 3], g.rgb()[i * 3 + 1]);
            assertEquals(g.rgb()[i * 3], g.rgb()[i * 3 + 2]);
        }
    }

    @Test
    void badFilesNameThePath() throws IOException {
        Path junk = Files.writeString(dir.resolve("junk.jpg"), "not an image");
        BadImageException e = assertThrows(BadImageException.class, () -> ImageDecoder.read(junk));
        assertTrue(e.getMessage().startsWith(junk.toString()), e.getMessage());
        assertEquals(junk, e.file());
        Path truncated = dir.resolve("cut.jpg");
        byte[] full = Files.readAllBytes(PilFixtures.copy("photo.jpg", dir));
        Files.write(truncated, java.util.Arrays.copyOf(full, 40));
        e = assertThrows(BadImageException.class, () -> ImageDecoder.read(truncated));
        assertTrue(e.getMessage().contains("cut.jpg"), e.getMessage());
        e = assertThrows(BadImageException.class, () -> ImageDecoder.read(dir.resolve("missing.png")));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }
}
