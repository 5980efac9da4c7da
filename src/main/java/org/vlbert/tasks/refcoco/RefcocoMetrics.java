package org.vlbert.tasks.refcoco;

import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Set;
import org.vlbert.eval.Argmax;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.tasks.metrics.EvalMetric;

/** The RefCOCO+ metrics of the reference's {@code refcoco_metrics} (evaluation.md §4.1). */
public final class RefcocoMetrics {
    /** The graph output the box metrics read. */
    private static final String LOGITS = "label_logits";

    private RefcocoMetrics() {}

    private static HostTensor logits(Map<String, HostTensor> outputs, String metric) {
        HostTensor t = outputs.get(LOGITS);
        if (t == null) {
            throw new IllegalStateException(metric + " needs outputs.label_logits");
        }
        return t;
    }

    private static HostTensor label(Map<String, HostTensor> batch, String metric) {
        HostTensor t = batch.get("label");
        if (t == null) {
            throw new IllegalStateException(metric + " needs batch.label");
        }
        return t;
    }

    /** {@code RefAcc}: the sample counts when the label of its arg-max box (first on ties) is above 0.5. */
    public static final class RefAccuracy extends EvalMetric {
        public RefAccuracy() {
            super("RefAcc", Set.of(LOGITS));
        }

        @Override
        public void update(Map<String, HostTensor> batch, Map<String, HostTensor> outputs) {
            HostTensor logits = logits(outputs, name());
            FloatBuffer l = logits.floatView();
            FloatBuffer y = label(batch, name()).floatView();
            int b = (int) logits.dim(0);
            int n = (int) logits.dim(1);
            for (int i = 0; i < b; i++) {
                sum += y.get(i * n + Argmax.first(l, i * n, n)) > 0.5f ? 1 : 0;
            }
            count += b;
        }
    }

    /**
     * {@code ClsAcc} / {@code ClsPosAcc}: per-box accuracy of {@code logit > 0} against the label,
     * over boxes with label ≥ 0 (all real boxes) or label = 1 (positives only).
     */
    public static final class ClsAccuracy extends EvalMetric {
        private final boolean positivesOnly;

        public ClsAccuracy(boolean positivesOnly) {
            super(positivesOnly ? "ClsPosAcc" : "ClsAcc", Set.of(LOGITS));
            this.positivesOnly = positivesOnly;
        }

        @Override
        public void update(Map<String, HostTensor> batch, Map<String, HostTensor> outputs) {
            FloatBuffer l = logits(outputs, name()).floatView();
            FloatBuffer y = label(batch, name()).floatView();
            for (int i = 0; i < y.capacity(); i++) {
                long label = (long) y.get(i);
                if (positivesOnly ? label == 1 : label >= 0) {
                    sum += (l.get(i) > 0 ? 1 : 0) == label ? 1 : 0;
                    count += 1;
                }
            }
        }
    }

    /** {@code ClsPosFrac}: positives among the real boxes, accumulated as sums over batches. */
    public static final class ClsPosFraction extends EvalMetric {
        public ClsPosFraction() {
            super("ClsPosFrac", Set.of());
        }

        @Override
        public void update(Map<String, HostTensor> batch, Map<String, HostTensor> outputs) {
            FloatBuffer y = label(batch, name()).floatView();
            for (int i = 0; i < y.capacity(); i++) {
                long label = (long) y.get(i);
                sum += label == 1 ? 1 : 0;
                count += label >= 0 ? 1 : 0;
            }
        }
    }
}
