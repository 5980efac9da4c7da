package org.vlbert.cli;

/**
 * An error caused by the user's input or environment (bad config, missing file, ...). The CLI
 * prints its message as {@code error: <message>} (one prefixed line per message line) and exits
 * with status 1, without a stack trace unless {@code --debug} is given.
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
