package org.vlbert.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vlbert.data.text.WordPieceTokenizer;

/**
 * Stand-in for the BERT tokenizer in CLI tests (lower-case, whitespace/ASCII-punctuation split,
 * whole words only or [UNK]); the CLI only passes it through to the converters.
 */
final class DataTestTokenizer implements WordPieceTokenizer {
    private final Map<String, Long> vocab = new HashMap<>();

    private DataTestTokenizer(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            vocab.put(lines.get(i).strip(), (long) i);
        }
    }

    static DataTestTokenizer fromVocab(Path file) {
        try {
            return new DataTestTokenizer(Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<String> basicTokenize(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.toLowerCase(Locale.ROOT).replaceAll("([?.,!])", " $1 ").strip().split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    @Override
    public List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        for (String w : basicTokenize(text)) {
            out.add(vocab.containsKey(w) ? w : "[UNK]");
        }
        return out;
    }

    @Override
    public long[] convertTokensToIds(List<String> tokens) {
        return tokens.stream().mapToLong(vocab::get).toArray();
    }
}
