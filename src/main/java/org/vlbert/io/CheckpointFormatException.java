package org.vlbert.io;

import java.nio.file.Path;

/** A PyTorch checkpoint (zip or legacy format) cannot be read: the message says why and what to do. */
public class CheckpointFormatException extends TensorFileException {
    private static final long serialVersionUID = 1L;

    public CheckpointFormatException(Path file, String problem, String hint) {
        super(file, problem, hint);
    }

    public CheckpointFormatException(Path file, String problem, String hint, Throwable cause) {
        super(file, problem, hint, cause);
    }
}
