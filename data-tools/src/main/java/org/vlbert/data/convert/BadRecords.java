package org.vlbert.data.convert;

import java.util.ArrayList;
import java.util.List;

/** Applies the {@code --skip-bad} policy: rethrow, or count and keep the first few messages. */
public final class BadRecords {
    private static final int KEPT = 10;

    private final boolean skip;
    private final List<String> examples = new ArrayList<>();
    private long count;

    public BadRecords(boolean skip) {
        this.skip = skip;
    }

    /** Rethrows {@code e} unless skipping, in which case it is recorded. */
    public void handle(BadInputException e) {
        if (!skip) {
            throw e;
        }
        count++;
        if (examples.size() < KEPT) {
            examples.add(e.getMessage());
        }
    }

    public long count() {
        return count;
    }

    public List<String> examples() {
        return List.copyOf(examples);
    }
}
