package org.vlbert.export;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vlbert.data.text.TokenIds;
import org.vlbert.data.text.WordPieceTokenizer;
import org.vlbert.data.vcr.VcrToken;

/**
 * Reads VCR text typed as a string into the dataset's token form: words separated by white space,
 * and object groups written {@code [2]} or {@code [0, 3]} (0-based indices into the query's
 * regions), as the VCR annotations write them. A word's WordPieces are those of the BERT
 * tokenizer, so "smiling?" and "smiling ?" give the same pieces and tags.
 */
final class VcrQueryText {
    private static final Pattern GROUP = Pattern.compile("\\[\\s*\\d+(?:\\s*,\\s*\\d+)*\\s*\\]");

    private VcrQueryText() {}

    /**
     * @param objects how many regions the query's image has (references must point inside)
     * @param what    how errors name the text ("the question of query 2")
     */
    static List<VcrToken> parse(String text, WordPieceTokenizer tokenizer, int objects, String what) {
        List<VcrToken> out = new ArrayList<>();
        Matcher m = GROUP.matcher(text);
        int at = 0;
        while (m.find()) {
            words(text.substring(at, m.start()), tokenizer, out);
            String[] parts = m.group().substring(1, m.group().length() - 1).split(",");
            int[] group = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                String digits = parts[i].strip();
                long v = digits.length() > 9 ? Long.MAX_VALUE : Long.parseLong(digits);
                if (v >= objects) {
                    throw new PackageException(what + " refers to region " + digits + " ('" + m.group() + "') but the"
                            + " image has " + objects + " region" + (objects == 1 ? "" : "s") + " (indices 0.."
                            + (objects - 1) + ")");
                }
                group[i] = (int) v;
            }
            out.add(new VcrToken(null, group, new int[0]));
            at = m.end();
        }
        words(text.substring(at), tokenizer, out);
        if (out.isEmpty()) {
            throw new PackageException(what + " is empty");
        }
        return out;
    }

    /** True when {@code text} holds at least one object group. */
    static boolean refersToRegions(String text) {
        return text != null && GROUP.matcher(text).find();
    }

    private static void words(String span, WordPieceTokenizer tokenizer, List<VcrToken> out) {
        for (String w : span.strip().split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(new VcrToken(w, null, TokenIds.of(tokenizer, w)));
            }
        }
    }
}
