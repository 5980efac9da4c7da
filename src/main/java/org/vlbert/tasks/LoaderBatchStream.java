package org.vlbert.tasks;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import org.vlbert.data.load.Batch;
import org.vlbert.data.load.BatchTensor;
import org.vlbert.data.load.DataLoader;
import org.vlbert.data.load.LoaderPosition;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.train.BatchStream;

/**
 * Adapts a data-tools {@link DataLoader} to the trainer's {@link BatchStream}. Tensors are views of
 * the loader's pooled buffers (no copy); a batch is returned to the pool when the next one is
 * requested, so the consumer must be done with it by then (the trainer is).
 */
public final class LoaderBatchStream<R> implements BatchStream {
    private final DataLoader<R> loader;
    private org.vlbert.data.load.BatchStream open;
    private Batch current;

    public LoaderBatchStream(DataLoader<R> loader) {
        this.loader = loader;
    }

    @Override
    public int batchesPerEpoch() {
        return loader.batchesPerEpoch();
    }

    @Override
    public int batchesInEpoch(int epoch) {
        return loader.batchesInEpoch(epoch);
    }

    @Override
    public int batchSize() {
        return loader.options().batchSize();
    }

    @Override
    public Iterator<Map<String, HostTensor>> epoch(int epoch, int startBatch) {
        release();
        open = loader.stream(new LoaderPosition(epoch, startBatch));
        org.vlbert.data.load.BatchStream s = open;
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                boolean more = s.hasNext();
                if (!more) {
                    releaseCurrent();
                }
                return more;
            }

            @Override
            public Map<String, HostTensor> next() {
                if (!s.hasNext()) {
                    throw new NoSuchElementException();
                }
                releaseCurrent();
                current = s.next();
                return hostTensors(current.tensors());
            }
        };
    }

    /** Host-tensor views (no copy) of collated batch tensors, in the collator's order. */
    public static Map<String, HostTensor> hostTensors(Map<String, BatchTensor> tensors) {
        Map<String, HostTensor> m = new LinkedHashMap<>();
        for (Map.Entry<String, BatchTensor> e : tensors.entrySet()) {
            BatchTensor t = e.getValue();
            m.put(e.getKey(), new HostTensor(DType.valueOf(t.type().name()), t.shape(), t.data()));
        }
        return m;
    }

    private void releaseCurrent() {
        if (current != null) {
            current.close();
            current = null;
        }
    }

    private void release() {
        releaseCurrent();
        if (open != null) {
            open.close();
            open = null;
        }
    }

    @Override
    public void close() {
        release();
    }
}
