package org.vlbert.graphs.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Value;

/**
 * A task model that can be recorded into a graph: declares its batch inputs, builds the forward
 * pass (with the given dropout policy) and, when asked, the training loss.
 */
public interface TaskGraph {
    /** The task name ("vqa", "vcr", "refcoco", "pretrain", ...). */
    String task();

    /** Records the model; {@code withLoss} adds the training-only inputs (labels) and the loss. */
    Result build(GraphBuilder b, Dropout dropout, boolean withLoss);

    /**
     * Named task outputs, the scalar loss (null without loss), named loss components, and named
     * intermediates (reference-comparable internal values, exposed only by debug graphs).
     */
    record Result(Map<String, Value> outputs, Value loss, Map<String, Value> lossTerms,
                  Map<String, Value> intermediates) {
        public Result {
            outputs = new LinkedHashMap<>(outputs);
            lossTerms = new LinkedHashMap<>(lossTerms);
            intermediates = new LinkedHashMap<>(intermediates);
        }
    }
}
