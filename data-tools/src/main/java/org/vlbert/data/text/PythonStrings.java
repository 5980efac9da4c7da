package org.vlbert.data.text;

/**
 * Python's {@code str.strip()} whitespace (code points with bidi class WS/B/S or category Zs), which
 * differs from Java's {@code String.strip()} (e.g. NBSP and U+0085 are Python whitespace).
 */
public final class PythonStrings {
    private PythonStrings() {}

    public static boolean isSpace(int cp) {
        return switch (cp) {
            case '\t', '\n', 0x0b, 0x0c, '\r', 0x1c, 0x1d, 0x1e, 0x1f, ' ', 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f,
                 0x205f, 0x3000 -> true;
            default -> cp >= 0x2000 && cp <= 0x200a;
        };
    }

    public static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }
}
