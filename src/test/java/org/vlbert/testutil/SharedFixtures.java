package org.vlbert.testutil;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the shared fixtures directory ({@code shared/}, beside the repository clone): the system
 * property {@code vlbert.shared} if set, else the first {@code shared/} with a {@code fixtures/}
 * folder found walking up from the working directory.
 */
public final class SharedFixtures {
    private SharedFixtures() {}

    public static Path sharedDir() {
        String property = System.getProperty("vlbert.shared");
        if (property != null && !property.isBlank()) {
            return requireDir(Path.of(property));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared");
            if (Files.isDirectory(candidate.resolve("fixtures"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared fixtures not found: expected a shared/fixtures directory beside the "
                + "repository (or set -Dvlbert.shared=DIR)");
    }

    /** The original VL-BERT YAML configs, {@code shared/reference/cfgs}. */
    public static Path referenceCfgs() {
        return requireDir(sharedDir().resolve("reference").resolve("cfgs"));
    }

    private static Path requireDir(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("not a directory: " + dir.toAbsolutePath());
        }
        return dir;
    }
}
