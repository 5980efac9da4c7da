package org.vlbert.data.text;

import java.util.List;

/**
 * The BERT tokenizer as the converters need it (the reference's {@code BertTokenizer} with
 * {@code do_lower_case=True}, data-prep.md §5). The method names follow
 * {@code org.vlbert.data.tokenizer.BertTokenizer}, so that class can implement this interface
 * directly.
 */
public interface WordPieceTokenizer {
    /** {@code basic_tokenizer.tokenize(text)}: cleaned, lower-cased, punctuation-split words. */
    List<String> basicTokenize(String text);

    /** {@code tokenize(text)}: WordPieces of every basic token. */
    List<String> tokenize(String text);

    /** Vocabulary ids of tokens that are in the vocabulary (an unknown token is an error). */
    long[] convertTokensToIds(List<String> tokens);

    /** Loads a tokenizer from a {@code vocab.txt}. */
    @FunctionalInterface
    interface Factory {
        WordPieceTokenizer fromVocab(java.nio.file.Path vocabFile);
    }
}
