package org.vlbert.train;

import java.util.Map;
import java.util.Set;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * A task's running metrics (reference {@code CompositeEvalMetric}): updated from each batch and
 * the graph outputs, read as name → value in insertion order.
 */
public interface TaskMetrics {
    void reset();

    void update(Map<String, HostTensor> batch, Map<String, HostTensor> outputs);

    /**
     * The graph outputs {@link #update} reads. The trainer fetches only these (and the loss), so
     * that outputs no metric needs, e.g. vocabulary-sized logits, stay in ONNX Runtime.
     */
    Set<String> outputs();

    /** Current values (NaN for a metric with no instances yet). */
    Map<String, Double> values();

    /** The metric that selects the best model (higher is better). */
    String hostMetric();

    /**
     * The running state as numbers that add up across ranks (for each metric its sum and count),
     * so distributed training can all-reduce them like the reference's EvalMetric.
     */
    double[] sums();

    /** What {@link #values()} would report if the running state were {@code sums}. */
    Map<String, Double> valuesOf(double[] sums);
}
