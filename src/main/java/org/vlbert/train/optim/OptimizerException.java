package org.vlbert.train.optim;

/** A user-facing error in the optimizer setup or in an optimizer state being restored. */
public final class OptimizerException extends RuntimeException {
    public OptimizerException(String message) {
        super(message);
    }
}
