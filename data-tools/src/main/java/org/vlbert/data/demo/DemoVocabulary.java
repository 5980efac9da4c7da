package org.vlbert.data.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vlbert.data.vcr.VcrNames;

/**
 * The demo's BERT-style vocab.txt: [PAD], [unused0..98], [UNK], [CLS], [SEP], [MASK] (ids 0, 100,
 * 101, 102, 103 as in bert-base-uncased), the VQA words (ids unchanged since the first demo), then
 * the words of the other demo tasks.
 */
final class DemoVocabulary {
    /** Words of the VCR, RefCOCO+ and pretraining demos beyond the VQA ones. */
    static final List<String> EXTRA_WORDS;

    static {
        List<String> w = new ArrayList<>(List.of("and", "because", "has", "surface", "on", "next", "to", "with", ",",
                "."));
        w.addAll(DemoWorld.SHAPE_CLASSES);
        for (String name : VcrNames.GENDER_NEUTRAL_NAMES) {
            w.add(name.toLowerCase(Locale.ROOT));
        }
        EXTRA_WORDS = List.copyOf(w);
    }

    private DemoVocabulary() {}

    static List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("[PAD]");
        for (int i = 0; i < 99; i++) {
            lines.add("[unused" + i + "]");
        }
        lines.addAll(List.of("[UNK]", "[CLS]", "[SEP]", "[MASK]"));
        lines.addAll(DemoQuestions.WORDS);
        for (String w : EXTRA_WORDS) {
            if (!lines.contains(w)) {
                lines.add(w);
            }
        }
        return lines;
    }
}
