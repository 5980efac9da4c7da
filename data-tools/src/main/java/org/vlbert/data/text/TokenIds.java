package org.vlbert.data.text;

import java.util.List;

/** Small helpers around {@link WordPieceTokenizer}. */
public final class TokenIds {
    private TokenIds() {}

    /** WordPiece ids of {@code text} as int32 (vocabularies are far below 2^31 entries). */
    public static int[] of(WordPieceTokenizer tokenizer, String text) {
        return toInts(tokenizer.convertTokensToIds(tokenizer.tokenize(text)));
    }

    public static int[] toInts(long[] ids) {
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    /** The id of {@code word} if it is a single vocabulary entry, else -1 (used for left/right). */
    public static int wholeWordId(WordPieceTokenizer tokenizer, String word) {
        List<String> pieces = tokenizer.tokenize(word);
        if (pieces.size() != 1 || !pieces.get(0).equals(word)) {
            return -1;
        }
        return Math.toIntExact(tokenizer.convertTokensToIds(pieces)[0]);
    }
}
