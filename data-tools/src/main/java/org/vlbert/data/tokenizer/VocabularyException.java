package org.vlbert.data.tokenizer;

/** A vocabulary file that cannot be used, or a token or id that the vocabulary does not have. */
public final class VocabularyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public VocabularyException(String message) {
        super(message);
    }

    public VocabularyException(String message, Throwable cause) {
        super(message, cause);
    }
}
