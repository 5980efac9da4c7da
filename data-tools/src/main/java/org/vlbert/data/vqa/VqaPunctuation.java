package org.vlbert.data.vqa;

/**
 * {@code processPunctuation} of the official VQA evaluation code ({@code vqaEval.py}), as VL-BERT
 * applies it to the answer vocabulary (tasks.md §1.2) and the evaluator to every answer, with its
 * quirks:
 * <ul>
 *   <li>a mark is deleted rather than replaced by a space if the original text has it next to a
 *       space, and every mark is deleted if the original text contains digit-comma-digit anywhere;</li>
 *   <li>{@code '} and {@code :} are not punctuation;</li>
 *   <li>a period not followed by a digit is deleted, but at most 32 of them, because
 *       {@code re.UNICODE} (32) lands in the {@code count} argument of {@code re.sub};</li>
 *   <li>"digit" means Unicode category Nd (Python's {@code \d} on str).</li>
 * </ul>
 */
public final class VqaPunctuation {
    private static final String[] PUNCT = {";", "/", "[", "]", "\"", "{", "}", "(", ")", "=", "+", "\\", "_", "-",
        ">", "<", "@", "`", ",", "?", "!"};
    private static final String MARKS_AND_PERIOD = String.join("", PUNCT) + ".";
    private static final int MAX_PERIODS = 32;

    private VqaPunctuation() {}

    public static String process(String in) {
        if (!containsAny(in, MARKS_AND_PERIOD)) {
            return in; // the common case: nothing to replace
        }
        boolean deleteAll = hasDigitCommaDigit(in);
        String out = in;
        for (String p : PUNCT) {
            boolean delete = deleteAll || in.contains(p + " ") || in.contains(" " + p);
            out = out.replace(p, delete ? "" : " ");
        }
        return removePeriodsNotBeforeDigit(out);
    }

    private static boolean containsAny(String text, String chars) {
        for (int i = 0; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Python {@code re.search(r"(\d)(\,)(\d)", text)}. */
    private static boolean hasDigitCommaDigit(String text) {
        int previous = -1;
        int beforePrevious = -1;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (Character.isDigit(cp) && previous == ',' && beforePrevious >= 0 && Character.isDigit(beforePrevious)) {
                return true;
            }
            beforePrevious = previous;
            previous = cp;
            i += Character.charCount(cp);
        }
        return false;
    }

    /** Python {@code re.sub(r"(?!<=\d)(\.)(?!\d)", "", text, 32)}; the first group is a no-op lookahead. */
    private static String removePeriodsNotBeforeDigit(String text) {
        if (text.indexOf('.') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int removed = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.' && removed < MAX_PERIODS
                    && (i + 1 == text.length() || !Character.isDigit(text.codePointAt(i + 1)))) {
                removed++;
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }
}
