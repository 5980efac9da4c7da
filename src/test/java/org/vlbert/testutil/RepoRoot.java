package org.vlbert.testutil;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository root (the folder with the parent pom.xml and cfgs/): the system property
 * {@code vlbert.repo} if set, else found walking up from the working directory.
 */
public final class RepoRoot {
    private RepoRoot() {}

    public static Path path() {
        String property = System.getProperty("vlbert.repo");
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("cfgs"))) {
                return dir;
            }
        }
        throw new IllegalStateException("repository root (pom.xml + cfgs/) not found above "
                + Path.of("").toAbsolutePath());
    }

    public static Path cfgs() {
        return path().resolve("cfgs");
    }
}
