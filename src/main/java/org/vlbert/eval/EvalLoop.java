package org.vlbert.eval;

import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.train.BatchStream;

/**
 * One pass over a val/test stream: each batch goes through {@code forward} and the batch with its
 * outputs to {@code each} (before the next batch is requested, as loader batches are pooled).
 * Progress is reported about ten times per pass.
 */
public final class EvalLoop {
    private EvalLoop() {}

    /** What to do with a batch and the model's outputs for it. */
    public interface BatchConsumer {
        void accept(Map<String, HostTensor> batch, Map<String, HostTensor> outputs);
    }

    /** @return the number of batches run */
    public static int run(BatchStream stream, BatchModel forward,
                          BatchConsumer each, String what, Consumer<String> log) {
        int total = stream.batchesPerEpoch();
        int every = Math.max(1, total / 10);
        long start = System.nanoTime();
        int n = 0;
        Iterator<Map<String, HostTensor>> it = stream.epoch(0, 0);
        while (it.hasNext()) {
            Map<String, HostTensor> batch = it.next();
            each.accept(batch, forward.run(batch));
            n++;
            if (n % every == 0 || n == total) {
                double s = (System.nanoTime() - start) / 1e9;
                log.accept(String.format(java.util.Locale.ROOT, "%s: batch %d/%d (%.1f s, %.1f batches/s)", what, n,
                        total, s, n / Math.max(s, 1e-9)));
            }
        }
        return n;
    }
}
