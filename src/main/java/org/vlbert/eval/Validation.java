package org.vlbert.eval;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.tasks.TaskData;
import org.vlbert.train.BatchStream;
import org.vlbert.train.TaskMetrics;

/**
 * A validation pass through the inference graph: the task's validation metrics (as training
 * reports them each epoch, e.g. SoftAcc, Acc, RefAcc), plus each row's arg-max of
 * {@code label_logits} and, when the batches carry it, its integer label (VCR {@code answer_label}),
 * in loader order.
 */
public final class Validation {
    private Validation() {}

    /** @param labels null when the batches have no integer label of that name */
    public record Outcome(Map<String, Double> metrics, String hostMetric, int[] predicted, int[] labels) {}

    public static Outcome run(TaskData data, BatchModel model, String integerLabel, Consumer<String> log) {
        TaskMetrics metrics = data.valMetrics();
        metrics.reset();
        IntCollector predicted = new IntCollector();
        IntCollector labels = new IntCollector();
        boolean[] sawLabels = {false};
        try (BatchStream val = data.val(0, 1)) {
            EvalLoop.run(val, model::run, (batch, outputs) -> {
                metrics.update(batch, outputs);
                HostTensor logits = outputs.get("label_logits");
                if (logits != null && logits.rank() == 2) {
                    predicted.addAll(Argmax.rows(logits));
                }
                HostTensor label = integerLabel == null ? null : batch.get(integerLabel);
                if (label != null) {
                    sawLabels[0] = true;
                    for (long v : label.toLongArray()) {
                        labels.add((int) v);
                    }
                }
            }, "val", log);
        }
        return new Outcome(metrics.values(), metrics.hostMetric(), predicted.toArray(),
                sawLabels[0] ? labels.toArray() : null);
    }

    /** A growable int array. */
    public static final class IntCollector {
        private int[] values = new int[256];
        private int size;

        public void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        public void addAll(int[] vs) {
            for (int v : vs) {
                add(v);
            }
        }

        public int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
