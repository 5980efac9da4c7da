package org.vlbert.graphs.model;

/**
 * A model graph for one task: builds its forward pass for a {@link Mode}. Batch inputs are
 * created with {@code ctx.b().input(...)}, parameters with {@code ctx.b().param(...)} under
 * scopes that reproduce the reference state-dict names, and dropout through
 * {@link ModelContext#dropout}. The artifact writer calls {@link #build} once per artifact, each
 * time on a fresh builder, so a definition must be stateless between calls.
 */
public interface ModelDefinition {
    /** The task name recorded in artifact metadata, e.g. {@code vqa} or {@code toy-classifier}. */
    String task();

    /** Builds the graph; the loss must be non-null in TRAIN and EVAL, and is ignored in INFER. */
    ModelOutputs build(ModelContext ctx);
}
