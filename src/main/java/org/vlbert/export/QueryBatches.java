package org.vlbert.export;

import java.util.List;
import java.util.Map;
import org.vlbert.data.load.BatchContext;
import org.vlbert.data.load.BufferPool;
import org.vlbert.data.load.Collator;
import org.vlbert.data.load.LoaderPosition;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.tasks.LoaderBatchStream;

/**
 * Runs a training collator once on a batch of queries, outside any data loader: the first batch
 * of epoch 0, seed 0, fresh (unpooled) buffers.
 */
final class QueryBatches {
    private QueryBatches() {}

    /** The collated model inputs for {@code rows}, in the collator's order. */
    static <R> Map<String, HostTensor> collate(Collator<R> collator, List<R> rows) {
        BatchContext ctx = new BatchContext(LoaderPosition.startOf(0), new int[rows.size()], 0, new BufferPool(0));
        return LoaderBatchStream.hostTensors(collator.collate(rows, ctx));
    }
}
