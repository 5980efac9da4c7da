package org.vlbert.tasks.metrics;

import java.util.Map;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * One running metric like the reference {@code EvalMetric}: a sum and an instance count,
 * reported as sum / count (NaN with no instances).
 */
public abstract class EvalMetric {
    private final String name;
    protected double sum;
    protected double count;

    protected EvalMetric(String name) {
        this.name = name;
    }

    public String name() {
        return name;
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

    public void setRaw(double s, double c) {
        sum = s;
        count = c;
    }
}
