package org.vlbert.graphs.artifacts;

import java.nio.file.Path;
import java.util.List;

/**
 * An artifact written to disk.
 *
 * @param dataFile     the external-data sidecar ({@code infer.onnx.data}), or null when embedded
 * @param unusedParams trainable parameters with explicit zero gradients (train_step only)
 */
public record WrittenArtifact(ArtifactKind kind, Path file, Path dataFile, int nodeCount, long fileBytes,
                              long dataBytes, List<String> unusedParams) {
    public WrittenArtifact {
        unusedParams = List.copyOf(unusedParams);
    }

    public boolean externalData() {
        return dataFile != null;
    }
}
