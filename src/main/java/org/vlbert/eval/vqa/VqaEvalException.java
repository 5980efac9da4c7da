package org.vlbert.eval.vqa;

/** Input that the official VQA evaluation would reject (or crash on), with a message naming the file. */
public final class VqaEvalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public VqaEvalException(String message) {
        super(message);
    }

    public VqaEvalException(String message, Throwable cause) {
        super(message, cause);
    }
}
