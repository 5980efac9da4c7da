package org.vlbert.data.tokenizer;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The reference's {@code BasicTokenizer(do_lower_case=True)} (data-prep.md §5.2): cleaning,
 * spaces around CJK ideographs, whitespace split, lower-casing and accent stripping outside the
 * never-split set, punctuation split. Stateless and thread-safe.
 */
public final class BasicTokenizer {
    /** Tokens kept whole and unchanged, checked on whole whitespace tokens before lower-casing. */
    public static final Set<String> NEVER_SPLIT = Set.of("[UNK]", "[SEP]", "[PAD]", "[CLS]", "[MASK]");

    public List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        for (String token : PythonText.split(cleanAndSpaceCjk(text))) {
            if (!NEVER_SPLIT.contains(token)) {
                token = stripAccents(PythonText.lower(token));
            }
            if (NEVER_SPLIT.contains(token)) {
                tokens.add(token);
            } else {
                splitOnPunctuation(token, tokens);
            }
        }
        return tokens;
    }

    /**
     * Deletes NUL, U+FFFD and every C* character except TAB/LF/CR (lone surrogates included),
     * turns TAB/LF/CR/Zs into a space and puts spaces around CJK ideographs; the reference does
     * this in two passes, but each code point is handled independently so one pass is the same.
     */
    static String cleanAndSpaceCjk(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
                continue;
            }
            if (isWhitespace(cp)) {
                out.append(' ');
            } else if (isCjkIdeograph(cp)) {
                out.append(' ').appendCodePoint(cp).append(' ');
            } else {
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    /** NFD, then drop every code point of category Mn. */
    static String stripAccents(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        StringBuilder out = null;
        for (int i = 0; i < decomposed.length(); ) {
            int cp = decomposed.codePointAt(i);
            int width = Character.charCount(cp);
            boolean mark = Character.getType(cp) == Character.NON_SPACING_MARK;
            if (mark && out == null) {
                out = new StringBuilder(decomposed.length()).append(decomposed, 0, i);
            } else if (!mark && out != null) {
                out.appendCodePoint(cp);
            }
            i += width;
        }
        return out == null ? decomposed : out.toString();
    }

    /**
     * Each punctuation character becomes a token and each run of other characters another; the
     * reference then joins everything with spaces and splits again, which also splits any
     * whitespace that lower-casing or NFD might have produced.
     */
    private static void splitOnPunctuation(String token, List<String> out) {
        int runStart = 0;
        for (int i = 0; i < token.length(); ) {
            int cp = token.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (isPunctuation(cp)) {
                if (runStart < i) {
                    PythonText.splitInto(token.substring(runStart, i), out);
                }
                out.add(token.substring(i, next));
                runStart = next;
            }
            i = next;
        }
        if (runStart < token.length()) {
            PythonText.splitInto(runStart == 0 ? token : token.substring(runStart), out);
        }
    }

    /** Category C* except TAB, LF and CR. */
    static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        switch (Character.getType(cp)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.PRIVATE_USE:
            case Character.SURROGATE:
            case Character.UNASSIGNED:
                return true;
            default:
                return false;
        }
    }

    /** Space, TAB, LF, CR or category Zs (narrower than Python's str.isspace). */
    static boolean isWhitespace(int cp) {
        return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r'
                || Character.getType(cp) == Character.SPACE_SEPARATOR;
    }

    /** ASCII non-alphanumeric printable characters, or any category P*. */
    static boolean isPunctuation(int cp) {
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
            return true;
        }
        switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION:
            case Character.DASH_PUNCTUATION:
            case Character.START_PUNCTUATION:
            case Character.END_PUNCTUATION:
            case Character.INITIAL_QUOTE_PUNCTUATION:
            case Character.FINAL_QUOTE_PUNCTUATION:
            case Character.OTHER_PUNCTUATION:
                return true;
            default:
                return false;
        }
    }

    /** The CJK ideograph blocks of the reference (Hangul and kana are not among them). */
    static boolean isCjkIdeograph(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF)
                || (cp >= 0x3400 && cp <= 0x4DBF)
                || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F)
                || (cp >= 0x2B740 && cp <= 0x2B81F)
                || (cp >= 0x2B820 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }
}
