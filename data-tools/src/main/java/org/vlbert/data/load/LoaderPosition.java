package org.vlbert.data.load;

/**
 * A point in the batch stream: {@code batch} is the index (within {@code epoch}) of the next batch
 * to deliver. Saving it in a checkpoint and starting a new stream there continues with exactly
 * the batches the interrupted run would have produced.
 */
public record LoaderPosition(int epoch, int batch) {
    public LoaderPosition {
        if (epoch < 0 || batch < 0) {
            throw new IllegalArgumentException("negative loader position " + epoch + "/" + batch);
        }
    }

    public static LoaderPosition startOf(int epoch) {
        return new LoaderPosition(epoch, 0);
    }
}
