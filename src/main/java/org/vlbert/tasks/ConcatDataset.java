package org.vlbert.tasks;

import java.util.List;
import org.vlbert.data.load.Dataset;

/** Several datasets one after another (image sets joined with '+', e.g. train2014+val2014). */
public final class ConcatDataset<R> implements Dataset<R> {
    private final List<? extends Dataset<R>> parts;
    private final int[] starts;
    private final int size;

    public ConcatDataset(List<? extends Dataset<R>> parts) {
        this.parts = List.copyOf(parts);
        this.starts = new int[parts.size()];
        int n = 0;
        for (int i = 0; i < parts.size(); i++) {
            starts[i] = n;
            n += parts.get(i).size();
        }
        this.size = n;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public R get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index + " of " + size);
        }
        int i = parts.size() - 1;
        while (starts[i] > index) {
            i--;
        }
        return parts.get(i).get(index - starts[i]);
    }
}
