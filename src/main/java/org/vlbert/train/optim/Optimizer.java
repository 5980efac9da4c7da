package org.vlbert.train.optim;

import java.util.List;

/** An in-place optimizer over {@link ParamGroup}s of direct-buffer parameters. */
public interface Optimizer {
    /** {@code "AdamW"}, {@code "Adam"} or {@code "SGD"} (the {@code TRAIN.OPTIMIZER} spelling). */
    String name();

    List<ParamGroup> groups();

    /**
     * One update of every parameter that has a gradient, using each group's current
     * {@link ParamGroup#lr()}. Gradients are read, never modified.
     */
    void step();

    /** Read-only views of the live state; see {@link OptimizerState}. */
    OptimizerState exportState();

    /**
     * Replaces the state by a copy of {@code state}.
     *
     * @throws OptimizerException if the state belongs to another optimizer kind, names parameters
     *     this optimizer does not have, lacks a tensor, or has a tensor of the wrong size
     */
    void importState(OptimizerState state);
}
