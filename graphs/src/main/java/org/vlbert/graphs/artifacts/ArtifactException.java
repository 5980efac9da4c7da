package org.vlbert.graphs.artifacts;

/** An artifact could not be built, written or read; the message names the file or item and the fix. */
public class ArtifactException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ArtifactException(String message) {
        super(message);
    }

    public ArtifactException(String message, Throwable cause) {
        super(message, cause);
    }
}
