package org.vlbert.data.load;

import java.util.List;
import java.util.Map;

/**
 * Task plug-in that turns dataset rows into the model's batch tensors (padding, augmentation,
 * targets). Called from loader threads, possibly concurrently for different batches.
 */
@FunctionalInterface
public interface Collator<R> {
    /**
     * @param rows the rows of one batch, in order
     * @param ctx  batch position, per-row random streams and buffer allocation
     * @return tensors by input name, in a stable order (use a LinkedHashMap)
     */
    Map<String, BatchTensor> collate(List<R> rows, BatchContext ctx);
}
