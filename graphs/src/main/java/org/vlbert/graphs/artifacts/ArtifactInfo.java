package org.vlbert.graphs.artifacts;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vlbert.graphs.model.Dropout;

/**
 * What {@link ArtifactReader} finds in an .onnx file.
 *
 * @param parameterCount  elements of all parameters: initializers listed in {@code vlbert.params}
 *                        (every initializer for foreign models) plus param-role inputs
 * @param parameterTensors how many tensors those are
 * @param externalData    whether any initializer keeps its data in an external file
 * @param opHistogram     {@code op} (default domain) or {@code domain:op} → count, most frequent first
 */
public record ArtifactInfo(Path file, long fileBytes, String producer, String producerVersion, long irVersion,
                           Map<String, Long> opsets, List<TensorInfo> inputs, List<TensorInfo> outputs,
                           long parameterCount, int parameterTensors, boolean externalData, int nodeCount,
                           Map<String, Integer> opHistogram, Map<String, String> metadata) {
    public ArtifactInfo {
        opsets = Map.copyOf(opsets);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        opHistogram = Collections.unmodifiableMap(new LinkedHashMap<>(opHistogram));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** The artifact kind from metadata, or null for a model written by something else. */
    public ArtifactKind kind() {
        String k = metadata.get(ArtifactMetadata.KIND);
        return k == null ? null : ArtifactKind.fromId(k);
    }

    /** The dropout mask inputs the engine must feed (empty unless a train_step artifact). */
    public List<Dropout.Site> dropoutSites() {
        String json = metadata.get(ArtifactMetadata.DROPOUT_SITES);
        return json == null ? List.of() : ArtifactMetadata.parseDropoutSites(json);
    }

    /** Trainable parameters whose gradient is an explicit zero (train_step). */
    public List<String> unusedParams() {
        String json = metadata.get(ArtifactMetadata.UNUSED_PARAMS);
        return json == null ? List.of() : ArtifactMetadata.parseNames(json, ArtifactMetadata.UNUSED_PARAMS);
    }
}
