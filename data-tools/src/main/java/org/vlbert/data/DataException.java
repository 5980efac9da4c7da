package org.vlbert.data;

/**
 * A user-facing data error (bad input file, wrong file kind, unsupported schema version). The
 * message is complete on its own and names the file and, where it helps, the fix; the CLI prints
 * it without a stack trace.
 */
public class DataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
