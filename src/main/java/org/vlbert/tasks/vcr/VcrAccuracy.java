package org.vlbert.tasks.vcr;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Map;
import java.util.Set;
import org.vlbert.eval.Argmax;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.tasks.metrics.EvalMetric;

/**
 * VCR {@code Acc} (evaluation.md §3.1): over samples whose label is not -1, the number whose
 * arg-max choice (first maximum on ties) is the label.
 */
public final class VcrAccuracy extends EvalMetric {
    public VcrAccuracy() {
        super("Acc", Set.of("label_logits"));
    }

    @Override
    public void update(Map<String, HostTensor> batch, Map<String, HostTensor> outputs) {
        HostTensor logits = outputs.get("label_logits");
        HostTensor label = batch.get("answer_label");
        if (logits == null || label == null) {
            throw new IllegalStateException("Acc needs outputs.label_logits and batch.answer_label");
        }
        int b = (int) logits.dim(0);
        int c = (int) logits.dim(1);
        FloatBuffer l = logits.floatView();
        LongBuffer y = label.longView();
        for (int i = 0; i < b; i++) {
            long target = y.get(i);
            if (target == -1) {
                continue;
            }
            sum += Argmax.first(l, i * c, c) == target ? 1 : 0;
            count += 1;
        }
    }
}
