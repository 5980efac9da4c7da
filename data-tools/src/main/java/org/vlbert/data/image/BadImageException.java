package org.vlbert.data.image;

import java.nio.file.Path;

/** An image file that cannot be used: names the file, what is wrong and what to do. */
public final class BadImageException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;

    public BadImageException(Path file, String problem, String fix) {
        super(file + ": " + problem + (fix == null || fix.isEmpty() ? "" : ". " + fix));
        this.file = file;
    }

    public BadImageException(Path file, String problem, String fix, Throwable cause) {
        this(file, problem, fix);
        initCause(cause);
    }

    public Path file() {
        return file;
    }
}
