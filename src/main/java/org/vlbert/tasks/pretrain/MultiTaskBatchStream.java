package org.vlbert.tasks.pretrain;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.train.BatchStream;

/**
 * The reference's {@code MultiTaskDataLoader} (pretraining.md §5): every batch of the master
 * stream (captions) is joined with the next batch of the auxiliary stream (text corpus), which
 * cycles on its own across epochs. The auxiliary batch of master batch b in epoch e is batch
 * g mod A of auxiliary epoch g / A, with g = e·M + b the global batch count (M, A the streams'
 * batches per epoch) — so each pass over the corpus is reshuffled, and a resumed run sees the same
 * batches. An epoch is one pass over the master stream.
 */
public final class MultiTaskBatchStream implements BatchStream {
    private final BatchStream master;
    private final BatchStream aux;

    public MultiTaskBatchStream(BatchStream master, BatchStream aux) {
        if (aux.batchesPerEpoch() <= 0) {
            throw new IllegalArgumentException("the auxiliary (text corpus) data yields no batches");
        }
        this.master = master;
        this.aux = aux;
    }

    @Override
    public int batchesPerEpoch() {
        return master.batchesPerEpoch();
    }

    @Override
    public int batchSize() {
        return master.batchSize() + aux.batchSize();
    }

    @Override
    public Iterator<Map<String, HostTensor>> epoch(int epoch, int startBatch) {
        Iterator<Map<String, HostTensor>> m = master.epoch(epoch, startBatch);
        long m0 = (long) epoch * master.batchesPerEpoch() + startBatch;
        return new Iterator<>() {
            private long global = m0;
            private Iterator<Map<String, HostTensor>> a;
            private long auxEpoch = -1;

            @Override
            public boolean hasNext() {
                return m.hasNext();
            }

            @Override
            public Map<String, HostTensor> next() {
                if (!m.hasNext()) {
                    throw new NoSuchElementException();
                }
                Map<String, HostTensor> out = new LinkedHashMap<>(m.next());
                int perEpoch = aux.batchesPerEpoch();
                long e = global / perEpoch;
                int b = (int) (global % perEpoch);
                if (a == null || e != auxEpoch || !a.hasNext()) {
                    a = aux.epoch((int) e, b);
                    auxEpoch = e;
                }
                out.putAll(a.next());
                global++;
                return out;
            }
        };
    }

    @Override
    public void close() {
        master.close();
        aux.close();
    }
}
