package org.vlbert.cli;

/**
 * A user-facing error: the CLI prints its message as {@code error: <message>} on stderr (no stack
 * trace unless --debug) and exits with status 1.
 */
public class VlbertException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public VlbertException(String message) {
        super(message);
    }

    public VlbertException(String message, Throwable cause) {
        super(message, cause);
    }
}
