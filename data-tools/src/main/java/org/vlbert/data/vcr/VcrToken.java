package org.vlbert.data.vcr;

/**
 * One token of a VCR sentence: a word (with its WordPiece ids) or a reference to a group of
 * objects ({@code [2]} or {@code [0, 3]} in the jsonl).
 */
public record VcrToken(String word, int[] objects, int[] pieces) {
    public boolean isObjectReference() {
        return objects != null;
    }
}
