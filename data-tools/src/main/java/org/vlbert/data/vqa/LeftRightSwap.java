package org.vlbert.data.vqa;

/**
 * The text side of a horizontal flip (VQA questions, RefCOCO+ expressions): the word-pieces
 * "left" and "right" trade places. A vocabulary without one of them (id -1) swaps nothing.
 */
public final class LeftRightSwap {
    private LeftRightSwap() {}

    /** {@code id} with "left" and "right" exchanged. */
    public static int swap(int id, int leftId, int rightId) {
        if (leftId < 0 || rightId < 0) {
            return id;
        }
        return id == leftId ? rightId : id == rightId ? leftId : id;
    }
}
