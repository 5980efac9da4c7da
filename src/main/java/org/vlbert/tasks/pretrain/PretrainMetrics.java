package org.vlbert.tasks.pretrain;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Map;
import java.util.Set;
import org.vlbert.eval.Argmax;
import org.vlbert.graphs.model.vlbert.PretrainModel;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.tasks.metrics.EvalMetric;

/** The pretraining metrics of the reference's {@code pretrain_metrics} (pretraining.md §6). */
public final class PretrainMetrics {
    private PretrainMetrics() {}

    private static HostTensor need(Map<String, HostTensor> m, String key, String metric, String where) {
        HostTensor t = m.get(key);
        if (t == null) {
            throw new IllegalStateException(metric + " needs " + where + "." + key);
        }
        return t;
    }

    /**
     * {@code MLMAcc} (caption-only) / {@code MLMAccWVC} / {@code MLMAccAUX}: over positions with a
     * label other than -1, the predictions equal to the label. The predictions are the graph's arg-max over the vocabulary
     * (first maximum, int64 [B, Lm]), so the [B, Lm, V] logits are never copied to the host; they
     * may be longer than the labels [B, L], whose extra positions carry no label.
     */
    public static final class MlmAccuracy extends EvalMetric {
        private final String predictions;
        private final String labels;

        public MlmAccuracy(String name, String predictionOutput, String labelInput) {
            super(name, Set.of(predictionOutput));
            this.predictions = predictionOutput;
            this.labels = labelInput;
        }

        @Override
        public void update(Map<String, HostTensor> batch, Map<String, HostTensor> outputs) {
            HostTensor p = need(outputs, predictions, name(), "outputs");
            HostTensor y = need(batch, labels, name(), "batch");
            int b = (int) y.dim(0);
            int l = (int) y.dim(1);
            int lm = (int) p.dim(1);
            LongBuffer pl = p.longView();
            LongBuffer yl = y.longView();
            for (int i = 0; i < b; i++) {
                for (int t = 0; t < Math.min(l, lm); t++) {
                    long label = yl.get(i * l + t);
                    if (label != -1) {
                        sum += pl.get(i * lm + t) == label ? 1 : 0;
                        count += 1;
                    }
                }
            }
        }
    }

    /**
     * {@code MVRCAccuracy}: over regions whose soft label sums to 1 ± 0.1, the predicted class
     * (the graph's arg-max of the logits, int64 [B, N]) equal to the arg-max of the label.
     */
    public static final class MvrcAccuracy extends EvalMetric {
        public MvrcAccuracy() {
            super("MVRCAccuracy", Set.of(PretrainModel.MVRC_PRED));
        }

        @Override
        public void update(Map<String, HostTensor> batch, Map<String, HostTensor> outputs) {
            LongBuffer p = need(outputs, PretrainModel.MVRC_PRED, name(), "outputs").longView();
            HostTensor y = need(batch, "mvrc_labels", name(), "batch");
            long rows = y.dim(0) * y.dim(1);
            int c = (int) y.dim(2);
            FloatBuffer yf = y.floatView();
            for (long r = 0; r < rows; r++) {
                double s = 0;
                for (int j = 0; j < c; j++) {
                    s += yf.get((int) (r * c + j));
                }
                if (Math.abs(s - 1.0) < 0.1) {
                    sum += p.get((int) r) == Argmax.first(yf, (int) (r * c), c) ? 1 : 0;
                    count += 1;
                }
            }
        }
    }

    /** {@code RelAcc}: the arg-max of the relationship logits equals the label. */
    public static final class RelationshipAccuracy extends EvalMetric {
        public RelationshipAccuracy() {
            super("RelAcc", Set.of("relationship_logits"));
        }

        @Override
        public void update(Map<String, HostTensor> batch, Map<String, HostTensor> outputs) {
            HostTensor z = need(outputs, "relationship_logits", name(), "outputs");
            LongBuffer y = need(batch, "relationship_label", name(), "batch").longView();
            int b = (int) z.dim(0);
            int n = (int) z.dim(1);
            FloatBuffer zf = z.floatView();
            for (int i = 0; i < b; i++) {
                sum += Argmax.first(zf, i * n, n) == y.get(i) ? 1 : 0;
            }
            count += b;
        }
    }
}
