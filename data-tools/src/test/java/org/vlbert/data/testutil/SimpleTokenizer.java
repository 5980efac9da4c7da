package org.vlbert.data.testutil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vlbert.data.text.WordPieceTokenizer;

/**
 * A test stand-in for the BERT tokenizer on plain ASCII text: lower-case, split on whitespace and
 * ASCII punctuation, greedy longest-match WordPiece with {@code ##} continuations and whole-word
 * [UNK]. Enough for converter tests; parity with the reference is the real tokenizer's job.
 */
public final class SimpleTokenizer implements WordPieceTokenizer {
    private final Map<String, Long> vocab = new HashMap<>();

    public SimpleTokenizer(List<String> tokens) {
        for (int i = 0; i < tokens.size(); i++) {
            vocab.put(tokens.get(i), (long) i);
        }
    }

    /** BERT-style specials at 0 / 100..103 followed by {@code words} from id 104. */
    public static SimpleTokenizer withWords(String... words) {
        return new SimpleTokenizer(vocabLines(words));
    }

    public static List<String> vocabLines(String... words) {
        List<String> lines = new ArrayList<>();
        lines.add("[PAD]");
        for (int i = 0; i < 99; i++) {
            lines.add("[unused" + i + "]");
        }
        lines.addAll(List.of("[UNK]", "[CLS]", "[SEP]", "[MASK]"));
        lines.addAll(List.of(words));
        return lines;
    }

    public static SimpleTokenizer fromVocab(Path file) {
        try {
            return new SimpleTokenizer(Files.readAllLines(file).stream().map(String::strip).toList());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public List<String> basicTokenize(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.strip().split("\\s+")) {
            if (w.isEmpty()) {
                continue;
            }
            if (vocab.containsKey(w) && w.startsWith("[")) {
                out.add(w);
                continue;
            }
            StringBuilder cur = new StringBuilder();
            for (char c : w.toLowerCase(Locale.ROOT).toCharArray()) {
                if (c < 128 && !Character.isLetterOrDigit(c)) {
                    if (cur.length() > 0) {
                        out.add(cur.toString());
                        cur.setLength(0);
                    }
                    out.add(String.valueOf(c));
                } else {
                    cur.append(c);
                }
            }
            if (cur.length() > 0) {
                out.add(cur.toString());
            }
        }
        return out;
    }

    @Override
    public List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        for (String word : basicTokenize(text)) {
            List<String> pieces = new ArrayList<>();
            int start = 0;
            boolean unk = false;
            while (start < word.length()) {
                int end = word.length();
                String found = null;
                while (end > start) {
                    String s = (start > 0 ? "##" : "") + word.substring(start, end);
                    if (vocab.containsKey(s)) {
                        found = s;
                        break;
                    }
                    end--;
                }
                if (found == null) {
                    unk = true;
                    break;
                }
                pieces.add(found);
                start = end;
            }
            if (unk) {
                out.add("[UNK]");
            } else {
                out.addAll(pieces);
            }
        }
        return out;
    }

    @Override
    public long[] convertTokensToIds(List<String> tokens) {
        long[] ids = new long[tokens.size()];
        for (int i = 0; i < ids.length; i++) {
            Long id = vocab.get(tokens.get(i));
            if (id == null) {
                throw new IllegalArgumentException("not in vocab: " + tokens.get(i));
            }
            ids[i] = id;
        }
        return ids;
    }
}
