package org.vlbert.tasks.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.train.TaskMetrics;

/** An ordered list of metrics (the reference {@code CompositeEvalMetric}) with a host metric. */
public final class CompositeMetrics implements TaskMetrics {
    private final List<EvalMetric> metrics;
    private final String host;
    /** Every metric's outputs, in metric order; the trainer asks for them at each step. */
    private final Set<String> outputs;

    public CompositeMetrics(List<EvalMetric> metrics, String hostMetric) {
        this.metrics = List.copyOf(metrics);
        this.host = hostMetric;
        Set<String> names = new LinkedHashSet<>();
        this.metrics.forEach(m -> names.addAll(m.outputs()));
        this.outputs = Collections.unmodifiableSet(names);
    }

    public List<EvalMetric> metrics() {
        return metrics;
    }

    @Override
    public void reset() {
        metrics.forEach(EvalMetric::reset);
    }

    @Override
    public void update(Map<String, HostTensor> batch, Map<String, HostTensor> outputs) {
        for (EvalMetric m : metrics) {
            m.update(batch, outputs);
        }
    }

    @Override
    public Set<String> outputs() {
        return outputs;
    }

    @Override
    public Map<String, Double> values() {
        Map<String, Double> v = new LinkedHashMap<>();
        metrics.forEach(m -> v.put(m.name(), m.value()));
        return v;
    }

    @Override
    public double[] sums() {
        double[] out = new double[2 * metrics.size()];
        for (int i = 0; i < metrics.size(); i++) {
            double[] r = metrics.get(i).raw();
            out[2 * i] = r[0];
            out[2 * i + 1] = r[1];
        }
        return out;
    }

    @Override
    public Map<String, Double> valuesOf(double[] sums) {
        if (sums.length != 2 * metrics.size()) {
            throw new IllegalArgumentException("expected " + 2 * metrics.size() + " sums, got " + sums.length);
        }
        Map<String, Double> v = new LinkedHashMap<>();
        for (int i = 0; i < metrics.size(); i++) {
            v.put(metrics.get(i).name(), EvalMetric.value(sums[2 * i], sums[2 * i + 1]));
        }
        return v;
    }

    @Override
    public String hostMetric() {
        return host;
    }
}
