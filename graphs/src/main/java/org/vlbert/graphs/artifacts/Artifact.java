package org.vlbert.graphs.artifacts;

import ai.onnx.proto.OnnxMl;
import java.util.List;
import org.vlbert.graphs.model.Dropout;

/**
 * One built artifact in memory. Train-step and eval models take parameters as graph inputs; an
 * in-memory infer model has them embedded as initializers (external data only exists on disk).
 *
 * @param unusedParams trainable parameters the loss does not depend on (train_step only): their
 *                     gradients are explicit zeros, and an optimizer should skip them as PyTorch
 *                     skips parameters whose grad is None
 * @param dropoutSites the dropout mask inputs (train_step only)
 */
public record Artifact(ArtifactKind kind, OnnxMl.ModelProto model, List<String> unusedParams,
                       List<Dropout.Site> dropoutSites) {
    public Artifact {
        unusedParams = List.copyOf(unusedParams);
        dropoutSites = List.copyOf(dropoutSites);
    }

    public int nodeCount() {
        return model.getGraph().getNodeCount();
    }
}
