package org.vlbert.io;

import java.nio.file.Path;

/**
 * A tensor file (.npy, .npz, .safetensors, PyTorch checkpoint) is malformed, truncated or uses a
 * feature we do not read. The message names the file, says what is wrong and what to do.
 */
public class TensorFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public TensorFileException(Path file, String problem, String hint) {
        this(file, problem, hint, null);
    }

    public TensorFileException(Path file, String problem, String hint, Throwable cause) {
        super(compose(file, problem, hint), cause);
        this.file = file;
    }

    /** The offending file, or null when the data did not come from a file. */
    public Path file() {
        return file;
    }

    private static String compose(Path file, String problem, String hint) {
        StringBuilder sb = new StringBuilder();
        sb.append(file == null ? "<memory>" : file.toString()).append(": ").append(problem);
        if (hint != null && !hint.isEmpty()) {
            sb.append(". ").append(hint);
        }
        return sb.toString();
    }
}
