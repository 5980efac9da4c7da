package org.vlbert.data.tokenizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * VL-BERT's tokenizer: {@code BertTokenizer} of pytorch_pretrained_bert 0.6.0 as every task builds
 * it from a model directory (lower-casing on, never-split {@code [UNK] [SEP] [PAD] [CLS] [MASK]},
 * WordPiece limit 100 code points, no sequence-length limit). Immutable and thread-safe.
 *
 * <p>Written in plain Java rather than on DJL's HuggingFace tokenizers because those cannot
 * reproduce the reference exactly: with a {@code tokenizer.json} generated from the oracle
 * vocab.txt (BertNormalizer + BertPreTokenizer + WordPiece, specials as added tokens) DJL 0.38.0
 * matches 314 of the 321 oracle cases (291 without the added tokens). It lower-cases character by
 * character (no Greek Final_Sigma: 5 cases), keeps unassigned code points that the reference
 * deletes (1 case), and matches {@code [MASK]} inside {@code [MASK].} where the reference only
 * keeps whole whitespace tokens (1 case). This class matches all 321 and needs no native library.
 */
public final class BertTokenizer implements org.vlbert.data.text.WordPieceTokenizer {
    private final Vocabulary vocabulary;
    private final BasicTokenizer basicTokenizer = new BasicTokenizer();
    private final WordpieceTokenizer wordpieceTokenizer;
    private final long padId;
    private final long unkId;
    private final long clsId;
    private final long sepId;
    private final long maskId;

    private BertTokenizer(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
        this.wordpieceTokenizer = new WordpieceTokenizer(vocabulary);
        this.padId = vocabulary.id("[PAD]");
        this.unkId = vocabulary.id("[UNK]");
        this.clsId = vocabulary.id("[CLS]");
        this.sepId = vocabulary.id("[SEP]");
        this.maskId = vocabulary.id("[MASK]");
    }

    /** Loads {@code vocab.txt}; see {@link Vocabulary#load} for the errors. */
    public static BertTokenizer fromVocab(Path vocabFile) {
        return new BertTokenizer(Vocabulary.load(vocabFile));
    }

    /** The reference's {@code basic_tokenizer.tokenize(text)}. */
    public List<String> basicTokenize(String text) {
        return basicTokenizer.tokenize(text);
    }

    /** The reference's {@code tokenize(text)}: WordPiece over every basic token. */
    public List<String> tokenize(String text) {
        List<String> basicTokens = basicTokenizer.tokenize(text);
        List<String> pieces = new ArrayList<>(basicTokens.size() + 8);
        for (String token : basicTokens) {
            wordpieceTokenizer.tokenize(token, pieces);
        }
        return pieces;
    }

    /** Direct vocabulary lookup; a token not in the vocabulary is an error, as in the reference. */
    public long[] convertTokensToIds(List<String> tokens) {
        long[] ids = new long[tokens.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = vocabulary.id(tokens.get(i));
        }
        return ids;
    }

    public long tokenToId(String token) {
        return vocabulary.id(token);
    }

    public String idToToken(long id) {
        return vocabulary.token(id);
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public long padId() {
        return padId;
    }

    public long unkId() {
        return unkId;
    }

    public long clsId() {
        return clsId;
    }

    public long sepId() {
        return sepId;
    }

    public long maskId() {
        return maskId;
    }
}
