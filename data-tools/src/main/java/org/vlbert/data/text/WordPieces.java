package org.vlbert.data.text;

import java.util.List;

/**
 * Text as whole words and their WordPieces: what whole-word masking needs. {@code wordLengths[w]}
 * pieces of {@code pieceIds} belong to word {@code w}.
 */
public record WordPieces(int[] pieceIds, int[] wordLengths) {

    /** BasicTokenizer words of {@code text}, each split into WordPieces (as the reference's {@code random_word_wwm}). */
    public static WordPieces of(WordPieceTokenizer tokenizer, String text) {
        List<String> words = tokenizer.basicTokenize(text);
        int[] lengths = new int[words.size()];
        int[][] perWord = new int[words.size()][];
        int total = 0;
        for (int w = 0; w < words.size(); w++) {
            perWord[w] = TokenIds.of(tokenizer, words.get(w));
            lengths[w] = perWord[w].length;
            total += lengths[w];
        }
        int[] ids = new int[total];
        int at = 0;
        for (int[] p : perWord) {
            System.arraycopy(p, 0, ids, at, p.length);
            at += p.length;
        }
        return new WordPieces(ids, lengths);
    }

    public int words() {
        return wordLengths.length;
    }
}
