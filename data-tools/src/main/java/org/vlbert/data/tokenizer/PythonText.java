package org.vlbert.data.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * The few Python 3 {@code str} operations that the reference tokenizer and the official VQA
 * evaluation rely on, reproduced exactly where Java's own methods differ.
 *
 * <ul>
 *   <li>{@link #isSpace}: {@code str.isspace()} per code point (bidi class WS, B or S, or
 *       category Zs). This is wider than {@link Character#isWhitespace}: it includes NBSP,
 *       U+0085, U+001C..U+001F, U+2028 and U+2029.
 *   <li>{@link #lower}: {@code str.lower()}, i.e. the full Unicode lower-case mapping with the
 *       Final_Sigma rule as CPython implements it. {@link String#toLowerCase} decides the final
 *       sigma with word-break boundaries instead and gives a different result for inputs such
 *       as {@code ΛΟΓΟΣ-ΛΟΓΟΣ} or {@code ΤΕΛΟΣ:ΑΡΧΗ}.
 *   <li>{@link #strip} and {@link #split}: {@code str.strip()} and {@code str.split()} with no
 *       arguments, both based on {@link #isSpace}.
 * </ul>
 *
 * Character properties come from the JDK's Unicode tables (Unicode 13 in JDK 17).
 */
public final class PythonText {
    private static final int CAPITAL_SIGMA = 0x03A3;
    private static final int SMALL_SIGMA = 0x03C3;
    private static final int SMALL_FINAL_SIGMA = 0x03C2;
    private static final int CAPITAL_I_WITH_DOT = 0x0130;

    private PythonText() {}

    /** Python's {@code str.isspace()} for a single code point. */
    public static boolean isSpace(int cp) {
        if (cp < 0x80) {
            return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x1F);
        }
        if (Character.getType(cp) == Character.SPACE_SEPARATOR) {
            return true;
        }
        byte bidi = Character.getDirectionality(cp);
        return bidi == Character.DIRECTIONALITY_WHITESPACE
                || bidi == Character.DIRECTIONALITY_PARAGRAPH_SEPARATOR
                || bidi == Character.DIRECTIONALITY_SEGMENT_SEPARATOR;
    }

    /** Python's {@code str.lower()}. */
    public static String lower(String s) {
        int n = s.length();
        StringBuilder out = null;
        for (int i = 0; i < n; ) {
            int cp = s.codePointAt(i);
            int width = Character.charCount(cp);
            String replacement = lowerAt(s, i, cp);
            if (replacement != null && out == null) {
                out = new StringBuilder(n + 8).append(s, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.appendCodePoint(cp);
                }
            }
            i += width;
        }
        return out == null ? s : out.toString();
    }

    /** The lower-case form of the code point at {@code i}, or null if it is unchanged. */
    private static String lowerAt(String s, int i, int cp) {
        if (cp < 0x80) {
            return cp >= 'A' && cp <= 'Z' ? String.valueOf((char) (cp + ('a' - 'A'))) : null;
        }
        if (cp == CAPITAL_SIGMA) {
            return String.valueOf((char) (isFinalSigma(s, i) ? SMALL_FINAL_SIGMA : SMALL_SIGMA));
        }
        if (cp == CAPITAL_I_WITH_DOT) {
            // The only unconditional multi-character lower-case mapping (SpecialCasing.txt).
            return "i\u0307";
        }
        int lower = Character.toLowerCase(cp);
        return lower == cp ? null : new String(Character.toChars(lower));
    }

    /**
     * CPython's Final_Sigma test: a cased letter before the sigma and none after it, skipping
     * case-ignorable characters in both directions (Unicode 3.13, table 3-17).
     */
    private static boolean isFinalSigma(String s, int sigmaIndex) {
        int j = sigmaIndex;
        int before = -1;
        while (j > 0) {
            int cp = s.codePointBefore(j);
            j -= Character.charCount(cp);
            if (!isCaseIgnorable(cp)) {
                before = cp;
                break;
            }
        }
        if (before < 0 || !isCased(before)) {
            return false;
        }
        for (int k = sigmaIndex + 1; k < s.length(); ) {
            int cp = s.codePointAt(k);
            k += Character.charCount(cp);
            if (!isCaseIgnorable(cp)) {
                return !isCased(cp);
            }
        }
        return true;
    }

    /** Unicode property Cased: Lowercase, Uppercase or category Lt. */
    static boolean isCased(int cp) {
        return Character.isLowerCase(cp) || Character.isUpperCase(cp) || Character.isTitleCase(cp);
    }

    /**
     * Unicode property Case_Ignorable: categories Mn, Me, Cf, Lm, Sk, plus the characters with
     * Word_Break MidLetter, MidNumLet or Single_Quote (listed explicitly; Java has no API).
     */
    static boolean isCaseIgnorable(int cp) {
        switch (Character.getType(cp)) {
            case Character.NON_SPACING_MARK:
            case Character.ENCLOSING_MARK:
            case Character.FORMAT:
            case Character.MODIFIER_LETTER:
            case Character.MODIFIER_SYMBOL:
                return true;
            default:
                break;
        }
        switch (cp) {
            case 0x0027: // Single_Quote
            case 0x002E: case 0x2018: case 0x2019: case 0x2024: case 0xFE52: case 0xFF07: case 0xFF0E:
                // MidNumLet
            case 0x003A: case 0x00B7: case 0x0387: case 0x055F: case 0x05F4: case 0x2027: case 0xFE13:
            case 0xFE55: case 0xFF1A: // MidLetter
                return true;
            default:
                return false;
        }
    }

    /** Python's {@code str.strip()} without arguments. */
    public static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end) {
            int cp = s.codePointAt(start);
            if (!isSpace(cp)) {
                break;
            }
            start += Character.charCount(cp);
        }
        while (end > start) {
            int cp = s.codePointBefore(end);
            if (!isSpace(cp)) {
                break;
            }
            end -= Character.charCount(cp);
        }
        return s.substring(start, end);
    }

    /** Python's {@code str.split()} without arguments: runs of whitespace separate, no empty parts. */
    public static List<String> split(String s) {
        List<String> parts = new ArrayList<>();
        splitInto(s, parts);
        return parts;
    }

    /** Appends the parts of {@code str.split()} to {@code out}. */
    public static void splitInto(String s, List<String> out) {
        int n = s.length();
        int start = -1;
        for (int i = 0; i < n; ) {
            int cp = s.codePointAt(i);
            if (isSpace(cp)) {
                if (start >= 0) {
                    out.add(s.substring(start, i));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
            i += Character.charCount(cp);
        }
        if (start >= 0) {
            out.add(s.substring(start, n));
        }
    }
}
