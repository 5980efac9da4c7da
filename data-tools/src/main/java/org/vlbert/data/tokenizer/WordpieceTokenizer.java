package org.vlbert.data.tokenizer;

import java.util.List;

/**
 * Greedy longest-match-first WordPiece over one basic token (data-prep.md §5.2). A token longer
 * than {@value #MAX_INPUT_CHARS_PER_WORD} code points, or one that cannot be covered completely,
 * becomes a single {@value #UNK}; pieces matched before the failure are dropped.
 */
public final class WordpieceTokenizer {
    public static final String UNK = "[UNK]";
    public static final String CONTINUATION_PREFIX = "##";
    public static final int MAX_INPUT_CHARS_PER_WORD = 100;

    private final Vocabulary vocabulary;

    public WordpieceTokenizer(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    /** Appends the pieces of {@code token} (a basic token, without whitespace) to {@code out}. */
    public void tokenize(String token, List<String> out) {
        int length = token.codePointCount(0, token.length());
        if (length > MAX_INPUT_CHARS_PER_WORD) {
            out.add(UNK);
            return;
        }
        int[] offsets = codePointOffsets(token, length);
        int firstPiece = out.size();
        // No vocabulary entry is longer than this, so longer candidates need not be looked up.
        int longest = vocabulary.maxTokenCodePoints();
        int start = 0;
        while (start < length) {
            String match = null;
            for (int end = Math.min(length, start + longest); end > start; end--) {
                String piece = token.substring(offsets[start], offsets[end]);
                if (start > 0) {
                    piece = CONTINUATION_PREFIX + piece;
                }
                if (vocabulary.contains(piece)) {
                    match = piece;
                    start = end;
                    break;
                }
            }
            if (match == null) {
                out.subList(firstPiece, out.size()).clear();
                out.add(UNK);
                return;
            }
            out.add(match);
        }
    }

    /** UTF-16 index of each code point, plus the string length at index {@code length}. */
    private static int[] codePointOffsets(String token, int length) {
        int[] offsets = new int[length + 1];
        int index = 0;
        for (int i = 0; i < length; i++) {
            offsets[i] = index;
            index += Character.charCount(token.codePointAt(index));
        }
        offsets[length] = index;
        return offsets;
    }
}
