package org.vlbert.data.pretrain;

/**
 * Word-piece ids after masking and their MLM labels (the original id of every piece of a selected
 * word, -1 elsewhere).
 */
public record MaskedText(int[] ids, int[] labels) {
    public MaskedText {
        if (ids.length != labels.length) {
            throw new IllegalArgumentException("ids and labels differ in length");
        }
    }

    public int length() {
        return ids.length;
    }
}
