package org.vlbert.eval;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.vlbert.cli.VlbertException;
import org.vlbert.io.AtomicFiles;

/** Writes result files atomically (a crash never leaves half a result file for a leaderboard upload). */
public final class ResultFiles {
    private ResultFiles() {}

    public static Path writeText(Path file, String text) {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            AtomicFiles.write(file, ch -> {
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
            });
            readableByAll(file);
        } catch (IOException e) {
            throw new VlbertException("cannot write " + file + ": " + e.getMessage() + " (check the --result-path"
                    + " directory and free disk space)", e);
        }
        return file;
    }

    /** rw-r--r-- like a file written with open(), not the owner-only mode of the temporary file it was renamed from. */
    private static void readableByAll(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system: keep its default permissions
        }
    }
}
