package org.vlbert.export;

import java.util.ArrayList;
import java.util.List;
import org.vlbert.data.vcr.VcrToken;

/** VCR sentences written as predict takes them typed: words and [i] references separated by spaces. */
final class PredictTexts {
    private PredictTexts() {}

    static String typed(List<VcrToken> tokens) {
        List<String> words = new ArrayList<>();
        for (VcrToken t : tokens) {
            if (t.isObjectReference()) {
                List<String> idx = new ArrayList<>();
                for (int o : t.objects()) {
                    idx.add(Integer.toString(o));
                }
                words.add("[" + String.join(", ", idx) + "]");
            } else {
                words.add(t.word());
            }
        }
        return String.join(" ", words);
    }
}
