package org.vlbert.graphs.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vlbert.graphs.ir.Value;

/**
 * What a model graph produces: the scalar loss (null in {@link Mode#INFER}) and the named task
 * outputs, in the order they should appear in the artifacts.
 */
public record ModelOutputs(Value loss, Map<String, Value> outputs) {
    /** Output name reserved for the loss. */
    public static final String LOSS = "loss";
    /** Prefix reserved for gradient outputs. */
    public static final String GRAD_PREFIX = "grad.";

    public ModelOutputs {
        if (loss != null && loss.rank() != 0) {
            throw new IllegalArgumentException("the loss must be a scalar, got " + loss);
        }
        for (String name : outputs.keySet()) {
            if (name.equals(LOSS) || name.startsWith(GRAD_PREFIX)) {
                throw new IllegalArgumentException("task output name '" + name + "' is reserved (loss, grad.*)");
            }
        }
        outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }

    public static ModelOutputs of(Value loss, String name, Value output) {
        return new ModelOutputs(loss, Map.of(name, output));
    }
}
