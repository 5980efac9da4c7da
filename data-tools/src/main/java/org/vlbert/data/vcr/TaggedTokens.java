package org.vlbert.data.vcr;

import java.util.Arrays;

/**
 * The word-pieces of one VCR sentence as the reference's {@code (id, tag, align_id)} rows. The
 * reference truncates by popping rows from the end, which {@link #pop()} does in place.
 */
public final class TaggedTokens {
    private final int[] ids;
    private final int[] tags;
    private final int[] aligns;
    private int length;

    /** Takes the three columns as they are (the callers build them fresh; no defensive copies). */
    TaggedTokens(int[] ids, int[] tags, int[] aligns) {
        if (ids.length != tags.length || ids.length != aligns.length) {
            throw new IllegalArgumentException("ids, tags and align ids differ in length");
        }
        this.ids = ids;
        this.tags = tags;
        this.aligns = aligns;
        this.length = ids.length;
    }

    /** Rows of {@code a} followed by the rows of {@code b} (each keeps its own align ids), like Python list +. */
    public static TaggedTokens concat(TaggedTokens a, TaggedTokens b) {
        int n = a.length + b.length;
        int[] ids = Arrays.copyOf(a.ids, n);
        int[] tags = Arrays.copyOf(a.tags, n);
        int[] aligns = Arrays.copyOf(a.aligns, n);
        System.arraycopy(b.ids, 0, ids, a.length, b.length);
        System.arraycopy(b.tags, 0, tags, a.length, b.length);
        System.arraycopy(b.aligns, 0, aligns, a.length, b.length);
        return new TaggedTokens(ids, tags, aligns);
    }

    public int length() {
        return length;
    }

    /** Drops the last row. */
    public void pop() {
        if (length == 0) {
            throw new IllegalStateException("pop from an empty token list");
        }
        length--;
    }

    public int id(int i) {
        return ids[check(i)];
    }

    public int tag(int i) {
        return tags[check(i)];
    }

    public int alignId(int i) {
        return aligns[check(i)];
    }

    private int check(int i) {
        if (i < 0 || i >= length) {
            throw new IndexOutOfBoundsException(i + " of " + length);
        }
        return i;
    }

    /** The rows as {@code [[id, tag, align], ...]} (for tests and debugging). */
    public int[][] rows() {
        int[][] r = new int[length][];
        for (int i = 0; i < length; i++) {
            r[i] = new int[] {ids[i], tags[i], aligns[i]};
        }
        return r;
    }

    @Override
    public String toString() {
        return Arrays.deepToString(rows());
    }
}
