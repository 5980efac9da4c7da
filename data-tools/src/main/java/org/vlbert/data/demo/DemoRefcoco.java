package org.vlbert.data.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.vlbert.data.arrow.ArrowSink;
import org.vlbert.data.load.Seeds;
import org.vlbert.data.refcoco.RefSentence;
import org.vlbert.data.refcoco.RefcocoRef;
import org.vlbert.data.refcoco.RefcocoRows;
import org.vlbert.data.schema.RefcocoSchema;
import org.vlbert.data.text.TokenIds;
import org.vlbert.data.text.WordPieceTokenizer;

/**
 * The RefCOCO+ demo ({@code refcoco+.arrow}, splits train/val/testA/testB): a ref for every object
 * that "the &lt;colour&gt; &lt;shape&gt;" (or, if that is ambiguous, "the &lt;size&gt; &lt;colour&gt;
 * &lt;shape&gt;") singles out, sometimes with "on the left/right" for the left- or rightmost object.
 * The candidates ({@code gt_boxes}) are the scene's objects, exactly the rows of
 * {@code regions.arrow}; the referred box is one of them.
 */
final class DemoRefcoco {
    static final String FILE = "refcoco+.arrow";

    private DemoRefcoco() {}

    static long write(Path dir, DemoScenes scenes, int trainRefs, long seed, WordPieceTokenizer tok, String vocabInfo,
                      Map<String, Integer> counts) {
        SplittableRandom r = new SplittableRandom(Seeds.mix(seed, 7));
        long refId = 1;
        long sentId = 1;
        int rows = 0;
        try (ArrowSink sink = ArrowSink.create(dir.resolve(FILE),
                RefcocoSchema.schema(RefcocoRows.metadata(tok, vocabInfo, "vlbert data demo")))) {
            for (Map.Entry<String, List<DemoWorld.Scene>> e : scenes.splits.entrySet()) {
                int limit = e.getKey().equals("train") ? trainRefs : Math.max(1, trainRefs / 5);
                int written = 0;
                List<DemoWorld.Scene> list = e.getValue();
                for (int s = 0; s < list.size() && written < limit; s++) {
                    DemoWorld.Scene scene = list.get(s);
                    String split = e.getKey().equals("test") ? (s % 2 == 0 ? "testA" : "testB") : e.getKey();
                    for (int k = 0; k < scene.objects().size() && written < limit; k++) {
                        List<String> words = describe(scene, k, r);
                        if (words == null) {
                            continue;
                        }
                        String text = String.join(" ", words);
                        RefSentence sentence = new RefSentence(sentId++, text, text, words, TokenIds.of(tok, text));
                        DemoWorld.Obj o = scene.objects().get(k);
                        RefcocoRows.append(sink, new RefcocoRef(refId++, Long.parseLong(scene.imageId()) * 100 + k,
                                scene.imageId(), split, o.shape() + 1, "demo_" + scene.imageId() + "_" + k + ".jpg",
                                scene.width(), scene.height(), box(o), List.of(sentence), boxes(scene), null));
                        written++;
                        rows++;
                    }
                }
                counts.put(FILE + " " + e.getKey(), written);
            }
            return sink.commit();
        }
    }

    /** Words that single out object k, or null if the demo grammar cannot. */
    private static List<String> describe(DemoWorld.Scene scene, int k, SplittableRandom r) {
        DemoWorld.Obj o = scene.objects().get(k);
        int sameLook = 0;
        int sameLookAndSize = 0;
        boolean leftmost = true;
        boolean rightmost = true;
        for (DemoWorld.Obj p : scene.objects()) {
            if (p == o) {
                continue;
            }
            boolean look = p.color() == o.color() && p.shape() == o.shape();
            sameLook += look ? 1 : 0;
            sameLookAndSize += look && p.size() == o.size() ? 1 : 0;
            leftmost &= o.centerX() < p.centerX();
            rightmost &= o.centerX() > p.centerX();
        }
        List<String> words = new ArrayList<>(List.of("the"));
        if (sameLook > 0) {
            if (sameLookAndSize > 0) {
                return null;
            }
            words.add(DemoWorld.SIZES.get(o.size()));
        }
        words.add(DemoWorld.COLORS.get(o.color()));
        words.add(DemoWorld.SHAPES.get(o.shape()));
        if ((leftmost || rightmost) && scene.objects().size() > 1 && r.nextDouble() < 0.3) {
            words.addAll(List.of("on", "the", leftmost ? "left" : "right"));
        }
        return words;
    }

    private static float[] box(DemoWorld.Obj o) {
        return new float[] {o.x1(), o.y1(), o.x2(), o.y2()};
    }

    private static float[][] boxes(DemoWorld.Scene scene) {
        float[][] b = new float[scene.objects().size()][];
        for (int k = 0; k < b.length; k++) {
            b[k] = box(scene.objects().get(k));
        }
        return b;
    }
}
