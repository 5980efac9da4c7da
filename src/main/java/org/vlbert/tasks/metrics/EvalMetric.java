package org.vlbert.tasks.metrics;

import java.util.Map;
import java.util.Set;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * One running metric like the reference {@code EvalMetric}: a sum and an instance count,
 * reported as sum / count (NaN with no instances).
 */
public abstract class EvalMetric {
    private final String name;
    private final Set<String> outputs;
    protected double sum;
    protected double count;

    /**
     * @param outputs the graph outputs {@link #update} reads: the trainer fetches only the outputs
     *                its metrics name, so a metric must list every output it looks at
     */
    protected EvalMetric(String name, Set<String> outputs) {
        this.name = name;
        this.outputs = Set.copyOf(outputs);
    }

    public String name() {
        return name;
    }

    /** The graph outputs this metric reads. */
    public Set<String> outputs() {
        return outputs;
    }

    public void reset() {
        sum = 0;
        count = 0;
    }

    public abstract void update(Map<String, HostTensor> batch, Map<String, HostTensor> outputs);

    public double value() {
        return value(sum, count);
    }

    /** A metric's value from its (possibly rank-summed) sum and count. */
    public static double value(double sum, double count) {
        return count == 0 ? Double.NaN : sum / count;
    }

    /** The raw (sum, count) pair, for reducing across ranks. */
    public double[] raw() {
        return new double[] {sum, count};
    }
}
