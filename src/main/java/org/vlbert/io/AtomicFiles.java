package org.vlbert.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that a crash never leaves a partial file under the final name: the content
 * goes to a temporary file in the same directory, is fsynced, atomically renamed over the
 * target, and the directory entry is fsynced too.
 */
public final class AtomicFiles {
    /** Writes the whole content to the channel; the channel is positioned at 0 and must not be closed. */
    @FunctionalInterface
    public interface ContentWriter {
        void write(FileChannel channel) throws IOException;
    }

    private AtomicFiles() {}

    public static void write(Path target, ContentWriter writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                writer.write(ch);
                ch.force(true);
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot write " + absolute + " atomically: the file system of "
                        + dir + " does not support atomic rename", e);
            }
            done = true;
            fsyncDirectory(dir);
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Makes the rename durable. Some platforms (Windows) cannot open a directory; the rename is still atomic there. */
    private static void fsyncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: durability of the directory entry is not available on this platform
        }
    }
}
