package org.vlbert.data.arrow;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Row access over a {@link MappedArrowFile}: maps a global row to (batch, row in batch) and caches
 * one typed view {@code V} (the batch's vectors, cast once) per record batch.
 */
public final class BatchedTable<V> {
    private final MappedArrowFile file;
    private final Function<VectorSchemaRoot, V> viewFactory;
    private final AtomicReferenceArray<V> views;

    public BatchedTable(MappedArrowFile file, Function<VectorSchemaRoot, V> viewFactory) {
        this.file = file;
        this.viewFactory = viewFactory;
        this.views = new AtomicReferenceArray<>(file.batchCount());
        if (file.rowCount() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(file.path() + ": more than 2^31 rows");
        }
    }

    public int size() {
        return (int) file.rowCount();
    }

    /** Where a global row lives. */
    public record Position<V>(V view, int row) {}

    public Position<V> locate(int row) {
        if (row < 0 || row >= size()) {
            throw new IndexOutOfBoundsException("row " + row + " of " + size() + " in " + file.path());
        }
        int b = file.batchOf(row);
        return new Position<>(view(b), (int) (row - file.batchStart(b)));
    }

    private V view(int b) {
        V v = views.get(b);
        if (v == null) {
            synchronized (views) {
                v = views.get(b);
                if (v == null) {
                    v = viewFactory.apply(file.batch(b));
                    views.set(b, v);
                }
            }
        }
        return v;
    }

    public MappedArrowFile file() {
        return file;
    }
}
