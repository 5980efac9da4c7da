package org.vlbert.tasks.metrics;

import java.util.Map;
import java.util.Set;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * The reference {@code LossLogger(output, display)}: adds the mean of {@code outputs[output]} when
 * present and always counts the batch, so the value is an average of per-batch means.
 */
public final class LossLogger extends EvalMetric {
    private final String output;

    public LossLogger(String output, String display) {
        super(display, Set.of(output));
        this.output = output;
    }

    @Override
    public void update(Map<String, HostTensor> batch, Map<String, HostTensor> outputs) {
        HostTensor t = outputs.get(output);
        if (t != null) {
            float[] v = t.toFloatArrayConverted();
            double s = 0;
            for (float x : v) {
                s += x;
            }
            sum += v.length == 0 ? 0 : s / v.length;
        }
        count += 1;
    }
}
