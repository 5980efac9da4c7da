package org.vlbert.data.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The PIL oracle images in the test resources (written by make_pil_fixtures.py with Pillow). */
final class PilFixtures {
    private PilFixtures() {}

    static RgbImage read(String name, Path dir) {
        return ImageDecoder.read(copy(name, dir));
    }

    /** Copies a resource to {@code dir} and returns its path (ImageDecoder reads files). */
    static Path copy(String name, Path dir) {
        try (InputStream in = PilFixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            Path out = dir.resolve(name);
            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
