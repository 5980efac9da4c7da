package org.vlbert.graphs.artifacts;

/** The models written per (config, task). */
public enum ArtifactKind {
    /** Batch + parameters + dropout masks → loss, loss terms, task outputs, grad.&lt;param&gt; per trainable parameter. */
    TRAIN_STEP("train_step"),
    /** Batch + parameters → loss, loss terms and task outputs; no dropout, no gradients. */
    EVAL("eval"),
    /** Inference inputs → task outputs; parameters embedded (initializers or external data). */
    INFER("infer"),
    /**
     * Batch inputs → {@code dim.<symbol>}: the data-dependent sizes the engine needs to shape the
     * train step's dropout masks. Written only when a mask shape uses such a size.
     */
    DIMS("dims");

    private final String id;

    ArtifactKind(String id) {
        this.id = id;
    }

    /** The name used in metadata ({@code vlbert.kind}) and in the file name. */
    public String id() {
        return id;
    }

    public String fileName() {
        return id + ".onnx";
    }

    public static ArtifactKind fromId(String id) {
        for (ArtifactKind k : values()) {
            if (k.id.equals(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown artifact kind '" + id + "' (expected train_step, eval, infer or dims)");
    }
}
