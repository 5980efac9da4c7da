package org.vlbert.eval.vqa;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vlbert.data.tokenizer.PythonText;

/**
 * The official answer normalisation, {@code processPunctuation} and {@code processDigitArticle}
 * of {@code vqaEval.py} (identical in both revisions), including its quirks:
 * <ul>
 *   <li>a mark is deleted rather than replaced by a space if the original text has it next to a
 *       space, and every mark is deleted if the text contains digit-comma-digit anywhere;
 *   <li>{@code '} and {@code :} are not punctuation;
 *   <li>a period not followed by a digit is deleted, but at most 32 of them, because
 *       {@code re.UNICODE} (32) is passed where {@code re.sub} expects the count;
 *   <li>"digit" means Unicode category Nd (Python's {@code \d});
 *   <li>contraction keys with capitals ({@code Im}, {@code Ive}, ...) never match since matching
 *       follows lower-casing.
 * </ul>
 */
public final class VqaAnswerNormalizer {
    private static final String[] PUNCTUATION = {
        ";", "/", "[", "]", "\"", "{", "}", "(", ")", "=", "+", "\\", "_", "-", ">", "<", "@", "`", ",", "?", "!"
    };
    private static final String MARKS_AND_PERIOD = String.join("", PUNCTUATION) + ".";
    private static final int MAX_PERIODS_REMOVED = 32;
    private static final Map<String, String> NUMBER_WORDS = Map.ofEntries(
            Map.entry("none", "0"), Map.entry("zero", "0"), Map.entry("one", "1"), Map.entry("two", "2"),
            Map.entry("three", "3"), Map.entry("four", "4"), Map.entry("five", "5"), Map.entry("six", "6"),
            Map.entry("seven", "7"), Map.entry("eight", "8"), Map.entry("nine", "9"), Map.entry("ten", "10"));
    private static final Set<String> ARTICLES = Set.of("a", "an", "the");

    private VqaAnswerNormalizer() {}

    public static String processPunctuation(String inText) {
        if (!containsAny(inText, MARKS_AND_PERIOD)) {
            return inText; // the common case: nothing to replace
        }
        boolean deleteAll = hasDigitCommaDigit(inText);
        String outText = inText;
        for (String mark : PUNCTUATION) {
            boolean delete = deleteAll || inText.contains(mark + " ") || inText.contains(" " + mark);
            outText = outText.replace(mark, delete ? "" : " ");
        }
        return removePeriodsNotBeforeDigit(outText);
    }

    public static String processDigitArticle(String inText) {
        List<String> words = new ArrayList<>();
        for (String word : PythonText.split(PythonText.lower(inText))) {
            word = NUMBER_WORDS.getOrDefault(word, word);
            if (!ARTICLES.contains(word)) {
                words.add(VqaContractions.TABLE.getOrDefault(word, word));
            }
        }
        return String.join(" ", words);
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
            if (c == '.' && removed < MAX_PERIODS_REMOVED
                    && (i + 1 == text.length() || !Character.isDigit(text.codePointAt(i + 1)))) {
                removed++;
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }
}
