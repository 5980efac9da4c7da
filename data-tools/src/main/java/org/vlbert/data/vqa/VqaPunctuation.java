package org.vlbert.data.vqa;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code processPunctuation} of the VQA evaluation code, as VL-BERT applies it to the answer
 * vocabulary (tasks.md §1.2), including its quirks: the digit-comma-digit test looks at the
 * original text, and at most 32 periods are removed (the {@code re.UNICODE} flag lands in the
 * {@code count} argument of {@code re.sub}).
 */
public final class VqaPunctuation {
    private static final String[] PUNCT = {";", "/", "[", "]", "\"", "{", "}", "(", ")", "=", "+", "\\", "_", "-",
        ">", "<", "@", "`", ",", "?", "!"};
    // Python's \d on str matches every Unicode decimal digit
    private static final Pattern COMMA_STRIP = Pattern.compile("(\\d)(,)(\\d)", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern PERIOD_STRIP = Pattern.compile("\\.(?!\\d)", Pattern.UNICODE_CHARACTER_CLASS);
    private static final int MAX_PERIODS = 32;

    private VqaPunctuation() {}

    public static String process(String in) {
        String out = in;
        boolean commaNumber = COMMA_STRIP.matcher(in).find();
        for (String p : PUNCT) {
            if (in.contains(p + " ") || in.contains(" " + p) || commaNumber) {
                out = out.replace(p, "");
            } else {
                out = out.replace(p, " ");
            }
        }
        Matcher m = PERIOD_STRIP.matcher(out);
        StringBuilder sb = new StringBuilder();
        int removed = 0;
        while (removed < MAX_PERIODS && m.find()) {
            m.appendReplacement(sb, "");
            removed++;
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
