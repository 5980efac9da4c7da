package org.vlbert.graphs.artifacts;

import org.vlbert.graphs.model.Mode;

/** The three artifacts written per (config, task). */
public enum ArtifactKind {
    /** Batch + parameters + dropout masks → loss, task outputs, grad.&lt;param&gt; per trainable parameter. */
    TRAIN_STEP("train_step", Mode.TRAIN),
    /** Batch + parameters → loss and task outputs, no dropout, no gradients. */
    EVAL("eval", Mode.EVAL),
    /** Inference inputs → task outputs; parameters embedded (initializers or external data). */
    INFER("infer", Mode.INFER);

    private final String id;
    private final Mode mode;

    ArtifactKind(String id, Mode mode) {
        this.id = id;
        this.mode = mode;
    }

    /** The name used in metadata ({@code vlbert.kind}) and in the file name. */
    public String id() {
        return id;
    }

    public Mode mode() {
        return mode;
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
        throw new IllegalArgumentException("unknown artifact kind '" + id + "' (expected train_step, eval or infer)");
    }
}
