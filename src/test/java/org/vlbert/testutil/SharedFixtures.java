package org.vlbert.testutil;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the shared fixtures: system property {@code vlbert.shared} if set, else the first
 * {@code shared/} directory (containing {@code fixtures/}) found beside the working directory or
 * any of its ancestors (CI clones the repository next to a copy of {@code shared/}).
 */
public final class SharedFixtures {
    private SharedFixtures() {}

    /** The {@code shared} directory. */
    public static Path root() {
        String prop = System.getProperty("vlbert.shared");
        if (prop != null && !prop.isBlank()) {
            Path p = Path.of(prop).toAbsolutePath();
            if (!Files.isDirectory(p.resolve("fixtures"))) {
                throw new IllegalStateException("-Dvlbert.shared=" + prop + " has no fixtures/ directory");
            }
            return p;
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("shared");
            if (Files.isDirectory(candidate.resolve("fixtures"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared fixtures not found: set -Dvlbert.shared=/path/to/shared or place "
                + "shared/ beside the repository clone (searched upwards from " + Path.of("").toAbsolutePath() + ")");
    }

    /** A path under {@code shared/fixtures}, which must exist. */
    public static Path fixture(String relative) {
        Path p = root().resolve("fixtures").resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("fixture " + p + " does not exist");
        }
        return p;
    }
}
