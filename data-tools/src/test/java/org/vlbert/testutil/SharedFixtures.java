package org.vlbert.testutil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Locates the shared reference material ({@code shared/fixtures}, {@code shared/reference}):
 * the system property {@code vlbert.shared} if set, else the first {@code shared} directory with
 * a {@code fixtures} folder found walking up from the working directory (a clone has its copy of
 * {@code shared/} beside it, i.e. at {@code <clone>/../shared}).
 */
public final class SharedFixtures {
    private static final String PROPERTY = "vlbert.shared";

    private SharedFixtures() {}

    /** The {@code shared} directory. */
    public static Path root() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path root = Paths.get(configured).toAbsolutePath();
            if (!Files.isDirectory(root.resolve("fixtures"))) {
                throw new IllegalStateException("-D" + PROPERTY + "=" + configured + " has no fixtures/ folder");
            }
            return root;
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared");
            if (Files.isDirectory(candidate.resolve("fixtures"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/fixtures not found above " + Paths.get("").toAbsolutePath()
                + "; put a copy of shared/ beside the repository or pass -D" + PROPERTY + "=/path/to/shared");
    }

    /** A path below {@code shared/fixtures}, e.g. {@code fixture("oracles", "tokenizer", "vocab.txt")}. */
    public static Path fixture(String first, String... more) {
        return root().resolve("fixtures").resolve(Paths.get(first, more));
    }
}
