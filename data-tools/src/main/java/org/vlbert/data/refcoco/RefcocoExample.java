package org.vlbert.data.refcoco;

import java.util.List;
import org.vlbert.data.regions.Region;

/**
 * One sample of the reference database (a sentence of a ref) with the region features of its
 * candidate boxes, one region row per part of the box source (null on the pixel path).
 */
public record RefcocoExample(RefcocoRef ref, int sentence, List<Region> features) {
    public RefSentence text() {
        return ref.sentences().get(sentence);
    }
}
