package org.vlbert.data.text;

import java.util.ArrayList;
import java.util.List;
import org.vlbert.data.DataException;
import org.vlbert.data.load.Dataset;

/**
 * The reference's text-only samples ({@code GeneralCorpus.__getitem__}, pretraining.md §2.3):
 * sample i starts with the words of line i and appends the words of lines i+1, i+2, ... (wrapping
 * around the corpus) until it has at least {@code minWords} words. Masking (drawn per epoch) and
 * the cut to {@code SEQ_LEN} pieces happen in the pretraining collator.
 */
public final class CorpusSegments implements Dataset<WordPieces> {
    public static final int MIN_SEQ_LEN = 64;

    private final Dataset<TextRow> lines;
    private final int minWords;

    public CorpusSegments(Dataset<TextRow> lines, int minWords) {
        if (lines.size() == 0) {
            throw new DataException("the text corpus is empty");
        }
        this.lines = lines;
        this.minWords = minWords;
    }

    @Override
    public int size() {
        return lines.size();
    }

    @Override
    public WordPieces get(int index) {
        List<WordPieces> parts = new ArrayList<>();
        int words = 0;
        int pieces = 0;
        int line = index;
        int emptyInARow = 0;
        while (true) {
            WordPieces p = lines.get(line).pieces();
            parts.add(p);
            words += p.words();
            pieces += p.pieceIds().length;
            if (words >= minWords) {
                break;
            }
            emptyInARow = p.words() == 0 ? emptyInARow + 1 : 0;
            if (emptyInARow > lines.size()) {
                throw new DataException("the text corpus has no words");
            }
            line = (line + 1) % lines.size();
        }
        int[] ids = new int[pieces];
        int[] lengths = new int[words];
        int pi = 0;
        int wi = 0;
        for (WordPieces p : parts) {
            System.arraycopy(p.pieceIds(), 0, ids, pi, p.pieceIds().length);
            System.arraycopy(p.wordLengths(), 0, lengths, wi, p.words());
            pi += p.pieceIds().length;
            wi += p.words();
        }
        return new WordPieces(ids, lengths);
    }
}
