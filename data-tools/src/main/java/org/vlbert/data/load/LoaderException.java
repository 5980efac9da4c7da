package org.vlbert.data.load;

/** A batch could not be built; the cause is the collator's or reader's exception. */
public final class LoaderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LoaderException(String message, Throwable cause) {
        super(message, cause);
    }
}
