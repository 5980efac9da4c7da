package org.vlbert.graphs.model;

/** Which graph a {@link ModelDefinition} is asked to build. */
public enum Mode {
    /** Training forward pass: dropout active (masks are graph inputs), loss computed. */
    TRAIN,
    /** Evaluation forward pass: no dropout, loss and task outputs. */
    EVAL,
    /** Inference: no dropout, no loss, only the inputs the task outputs need. */
    INFER;

    public boolean hasLoss() {
        return this != INFER;
    }
}
