package org.vlbert.tasks.vqa;

import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Set;
import org.vlbert.eval.Argmax;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.tasks.metrics.EvalMetric;

/**
 * VQA {@code SoftAcc} (evaluation.md §2.1): for each sample the soft target of the arg-max answer
 * (first maximum on ties, as torch.max), summed; the batch size is counted.
 */
public final class SoftAccuracy extends EvalMetric {
    public SoftAccuracy() {
        super("SoftAcc", Set.of("label_logits"));
    }

    @Override
    public void update(Map<String, HostTensor> batch, Map<String, HostTensor> outputs) {
        HostTensor logits = outputs.get("label_logits");
        HostTensor label = batch.get("label");
        if (logits == null || label == null) {
            throw new IllegalStateException("SoftAcc needs outputs.label_logits and batch.label");
        }
        int b = (int) logits.dim(0);
        int a = (int) logits.dim(1);
        FloatBuffer l = logits.floatView();
        FloatBuffer y = label.floatView();
        for (int i = 0; i < b; i++) {
            sum += y.get(i * a + Argmax.first(l, i * a, a));
        }
        count += b;
    }
}
