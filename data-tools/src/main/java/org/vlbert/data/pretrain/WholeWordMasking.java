package org.vlbert.data.pretrain;

import org.vlbert.data.text.WordPieces;

/**
 * The reference's {@code random_word_wwm} (pretraining.md §3.1): one draw p per whole word; with
 * p < 0.15 the word is selected and all its pieces are predicted (labels = their ids): when
 * p/0.15 < 0.8 every piece becomes [MASK], when < 0.9 every piece becomes an independent uniform
 * draw from the whole vocabulary, otherwise the pieces stay. Unselected pieces keep their ids and
 * get label -1.
 */
public final class WholeWordMasking {
    public static final double SELECT = 0.15;
    public static final double MASK = 0.8;
    public static final double RANDOM = 0.9;

    private final int vocabSize;
    private final int maskId;

    /**
     * @param vocabSize entries of vocab.txt (random replacements draw from all of them)
     * @param maskId    id of [MASK]
     */
    public WholeWordMasking(int vocabSize, int maskId) {
        if (vocabSize < 1) {
            throw new IllegalArgumentException("vocabulary size must be positive");
        }
        this.vocabSize = vocabSize;
        this.maskId = maskId;
    }

    public MaskedText apply(WordPieces words, RandomDraws r) {
        int[] src = words.pieceIds();
        int[] ids = new int[src.length];
        int[] labels = new int[src.length];
        int at = 0;
        for (int len : words.wordLengths()) {
            double p = r.nextDouble();
            if (p < SELECT) {
                p /= SELECT;
                for (int k = at; k < at + len; k++) {
                    ids[k] = p < MASK ? maskId : p < RANDOM ? r.nextInt(vocabSize) : src[k];
                    labels[k] = src[k];
                }
            } else {
                for (int k = at; k < at + len; k++) {
                    ids[k] = src[k];
                    labels[k] = -1;
                }
            }
            at += len;
        }
        return new MaskedText(ids, labels);
    }

    /** Pieces unchanged, no labels (the MLM task switched off). */
    public static MaskedText none(WordPieces words) {
        int[] labels = new int[words.pieceIds().length];
        java.util.Arrays.fill(labels, -1);
        return new MaskedText(words.pieceIds().clone(), labels);
    }
}
