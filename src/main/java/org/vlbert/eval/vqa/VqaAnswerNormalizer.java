package org.vlbert.eval.vqa;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vlbert.data.tokenizer.PythonText;
import org.vlbert.data.vqa.VqaPunctuation;

/**
 * The official answer normalisation, {@code processPunctuation} and {@code processDigitArticle}
 * of {@code vqaEval.py} (identical in both revisions), including its quirks: those of
 * punctuation are listed at {@link VqaPunctuation}; contraction keys with capitals ({@code Im},
 * {@code Ive}, ...) never match since matching follows lower-casing.
 */
public final class VqaAnswerNormalizer {
    private static final Map<String, String> NUMBER_WORDS = Map.ofEntries(
            Map.entry("none", "0"), Map.entry("zero", "0"), Map.entry("one", "1"), Map.entry("two", "2"),
            Map.entry("three", "3"), Map.entry("four", "4"), Map.entry("five", "5"), Map.entry("six", "6"),
            Map.entry("seven", "7"), Map.entry("eight", "8"), Map.entry("nine", "9"), Map.entry("ten", "10"));
    private static final Set<String> ARTICLES = Set.of("a", "an", "the");

    private VqaAnswerNormalizer() {}

    /** {@link VqaPunctuation#process}: the same function the answer vocabulary goes through. */
    public static String processPunctuation(String inText) {
        return VqaPunctuation.process(inText);
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
}
