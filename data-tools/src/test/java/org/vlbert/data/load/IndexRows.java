package org.vlbert.data.load;

import java.util.ArrayList;
import java.util.List;

/** Test data for loader tests: rows that are their own dataset index, read back as the "value" tensor. */
final class IndexRows {
    private IndexRows() {}

    /** A dataset of {@code n} rows whose row i is i. */
    static Dataset<Integer> ints(int n) {
        return new Dataset<>() {
            @Override
            public int size() {
                return n;
            }

            @Override
            public Integer get(int index) {
                return index;
            }
        };
    }

    /** The "value" tensor (int64, one per row) of every batch streamed from {@code from}. */
    static List<long[]> values(DataLoader<Integer> loader, LoaderPosition from) {
        List<long[]> out = new ArrayList<>();
        try (BatchStream s = loader.stream(from)) {
            while (s.hasNext()) {
                try (Batch b = s.next()) {
                    long[] v = new long[b.size()];
                    b.get("value").longs().get(v);
                    out.add(v);
                }
            }
        }
        return out;
    }
}
