package org.vlbert.data.vcr;

import java.util.ArrayList;
import java.util.List;

/**
 * DATASET.ONLY_USE_RELEVANT_DETS (the reference's {@code keep_only_relevant_dets}): keep only the
 * objects mentioned in the question, the answers and (for QA→R) the rationales, in order of first
 * mention, and renumber every reference to its position in that list.
 */
public final class RelevantDetections {
    private RelevantDetections() {}

    /** The reduced item and, for each kept object, its index in the original item. */
    public record Selection(VcrItem item, int[] kept) {}

    public static Selection select(VcrItem item, boolean includeRationales) {
        List<Integer> order = new ArrayList<>();
        List<VcrToken> question = remap(item.question(), order);
        List<List<VcrToken>> answers = remapAll(item.answerChoices(), order);
        List<List<VcrToken>> rationales = includeRationales ? remapAll(item.rationaleChoices(), order)
                : item.rationaleChoices();
        int[] kept = order.stream().mapToInt(Integer::intValue).toArray();
        List<String> objects = new ArrayList<>();
        float[][] boxes = new float[kept.length][];
        float[][][] segms = new float[kept.length][][];
        for (int k = 0; k < kept.length; k++) {
            int o = kept[k];
            if (o < 0 || o >= item.objects().size()) {
                throw new IllegalArgumentException(item.annotId() + ": object reference " + o + " outside the "
                        + item.objects().size() + " objects");
            }
            objects.add(item.objects().get(o));
            boxes[k] = item.boxes()[o];
            segms[k] = item.segms()[o];
        }
        VcrItem reduced = new VcrItem(item.annotId(), item.movie(), item.imgFn(), item.metadataFn(), objects, question,
                answers, rationales, item.answerLabel(), item.rationaleLabel(), item.imageWidth(), item.imageHeight(),
                boxes, segms);
        return new Selection(reduced, kept);
    }

    private static List<List<VcrToken>> remapAll(List<List<VcrToken>> choices, List<Integer> order) {
        List<List<VcrToken>> out = new ArrayList<>();
        for (List<VcrToken> c : choices) {
            out.add(remap(c, order));
        }
        return out;
    }

    private static List<VcrToken> remap(List<VcrToken> tokens, List<Integer> order) {
        List<VcrToken> out = new ArrayList<>(tokens.size());
        for (VcrToken t : tokens) {
            if (!t.isObjectReference()) {
                out.add(t);
                continue;
            }
            int[] group = new int[t.objects().length];
            for (int j = 0; j < group.length; j++) {
                int o = t.objects()[j];
                int at = order.indexOf(o);
                if (at < 0) {
                    order.add(o);
                    at = order.size() - 1;
                }
                group[j] = at;
            }
            out.add(new VcrToken(t.word(), group, t.pieces()));
        }
        return out;
    }
}
