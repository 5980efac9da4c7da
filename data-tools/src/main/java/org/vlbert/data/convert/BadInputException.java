package org.vlbert.data.convert;

import org.vlbert.data.DataException;

/** A malformed input record, reported as {@code file:line: reason}. */
public final class BadInputException extends DataException {
    private static final long serialVersionUID = 1L;

    private final String location;
    private final String reason;

    public BadInputException(String location, String reason) {
        super(location + ": " + reason);
        this.location = location;
        this.reason = reason;
    }

    /** {@code file:line} (or just {@code file} when the input has no lines, e.g. one JSON per image). */
    public String location() {
        return location;
    }

    public String reason() {
        return reason;
    }
}
