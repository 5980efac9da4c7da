package org.vlbert.train;

import java.util.Map;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * A task's running metrics (reference {@code CompositeEvalMetric}): updated from each batch and
 * the graph outputs, read as name → value in insertion order.
 */
public interface TaskMetrics {
    void reset();

    void update(Map<String, HostTensor> batch, Map<String, HostTensor> outputs);

    /** Current values (NaN for a metric with no instances yet). */
    Map<String, Double> values();

    /** The metric that selects the best model (higher is better). */
    String hostMetric();
}
