package org.vlbert.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import org.vlbert.data.vcr.VcrToken;

/** VCR sentences as predict takes them: typed (words and [i] references) or as annotation token lists. */
final class PredictTexts {
    private PredictTexts() {}

    /** The sentence as the VCR annotation files write it: words, and lists of region indices. */
    static ArrayNode tokens(List<VcrToken> sentence) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (VcrToken t : sentence) {
            if (t.isObjectReference()) {
                ArrayNode g = a.addArray();
                for (int o : t.objects()) {
                    g.add(o);
                }
            } else {
                a.add(t.word());
            }
        }
        return a;
    }

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
