package org.vlbert.testutil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Locates the shared fixture tree: the system property {@code vlbert.shared} if set, else the
 * first {@code shared/fixtures} found beside the working directory or one of its ancestors
 * (CI clones the repository next to a copy of {@code shared/}).
 */
public final class SharedFixtures {
    private static Path cached;

    private SharedFixtures() {}

    /** The {@code shared} directory (parent of {@code fixtures}). */
    public static synchronized Path sharedDir() {
        if (cached == null) {
            cached = locate();
        }
        return cached;
    }

    /** The {@code shared} directory. */
    public static Path root() {
        return sharedDir();
    }

    /** {@code shared/fixtures/<first>/<more...>}. */
    public static Path fixture(String first, String... more) {
        return sharedDir().resolve("fixtures").resolve(Path.of(first, more));
    }

    /** {@code shared/fixtures/reference/<relative>}. */
    public static Path reference(String relative) {
        return fixture("reference").resolve(relative);
    }

    /** The original VL-BERT YAML configs, {@code shared/reference/cfgs}. */
    public static Path referenceCfgs() {
        return sharedDir().resolve("reference").resolve("cfgs");
    }

    private static Path locate() {
        String prop = System.getProperty("vlbert.shared");
        if (prop != null && !prop.isBlank()) {
            Path p = Paths.get(prop).toAbsolutePath();
            if (!Files.isDirectory(p.resolve("fixtures"))) {
                throw new IllegalStateException("-Dvlbert.shared=" + prop + " has no fixtures/ directory");
            }
            return p;
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared");
            if (Files.isDirectory(candidate.resolve("fixtures"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/fixtures not found above " + Paths.get("").toAbsolutePath()
                + "; set -Dvlbert.shared=/path/to/shared");
    }
}
