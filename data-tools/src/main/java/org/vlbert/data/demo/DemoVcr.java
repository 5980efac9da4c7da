package org.vlbert.data.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.vlbert.data.arrow.ArrowSink;
import org.vlbert.data.load.Seeds;
import org.vlbert.data.schema.VcrSchema;
import org.vlbert.data.text.TokenIds;
import org.vlbert.data.text.WordPieceTokenizer;
import org.vlbert.data.vcr.VcrItem;
import org.vlbert.data.vcr.VcrRows;
import org.vlbert.data.vcr.VcrToken;

/**
 * VCR demo items ({@code vcr_{train,val,test}.arrow}): "what color is [k] ?" about object k of a
 * scene; the answers "[k] is &lt;colour&gt;" offer the true colour and three others, the rationales
 * "because [k] has a &lt;colour&gt; surface" likewise. The object's colour is only in its region
 * feature, which the answer's object tag points at. Objects are named by class (shape → COCO
 * class, so "person" objects get the rolling person names); {@code img_fn} is the scene id, the
 * key of {@code regions.arrow}. Test items have no labels.
 */
final class DemoVcr {
    private DemoVcr() {}

    static String file(String split) {
        return "vcr_" + split + ".arrow";
    }

    static long write(Path dir, DemoScenes scenes, int trainItems, long seed, WordPieceTokenizer tok, String vocabInfo,
                      Map<String, Integer> counts) {
        long bytes = 0;
        int splitNo = 0;
        for (Map.Entry<String, List<DemoWorld.Scene>> e : scenes.splits.entrySet()) {
            String split = e.getKey();
            int n = split.equals("train") ? trainItems : Math.max(1, trainItems / 5);
            SplittableRandom r = new SplittableRandom(Seeds.mix(seed, 6, splitNo++));
            try (ArrowSink sink = ArrowSink.create(dir.resolve(file(split)),
                    VcrSchema.schema(VcrRows.metadata(tok, vocabInfo, "vlbert data demo")))) {
                for (int i = 0; i < n; i++) {
                    DemoWorld.Scene scene = e.getValue().get(r.nextInt(e.getValue().size()));
                    VcrRows.append(sink, item(split + "-" + i, scene, r, tok, !split.equals("test")));
                }
                bytes += sink.commit();
            }
            counts.put(file(split), n);
        }
        return bytes;
    }

    private static VcrItem item(String id, DemoWorld.Scene scene, SplittableRandom r, WordPieceTokenizer tok,
                                boolean labelled) {
        int k = r.nextInt(scene.objects().size());
        int color = scene.objects().get(k).color();
        List<VcrToken> question = List.of(w("what", tok), w("color", tok), w("is", tok), ref(k), w("?", tok));
        int answerLabel = r.nextInt(4);
        int[] answerColors = choices(color, answerLabel, r);
        List<List<VcrToken>> answers = new ArrayList<>();
        for (int c : answerColors) {
            answers.add(List.of(ref(k), w("is", tok), w(DemoWorld.COLORS.get(c), tok)));
        }
        int rationaleLabel = r.nextInt(4);
        int[] rationaleColors = choices(color, rationaleLabel, r);
        List<List<VcrToken>> rationales = new ArrayList<>();
        for (int c : rationaleColors) {
            rationales.add(List.of(w("because", tok), ref(k), w("has", tok), w("a", tok),
                    w(DemoWorld.COLORS.get(c), tok), w("surface", tok)));
        }
        List<String> objects = new ArrayList<>();
        int n = scene.objects().size();
        float[][] boxes = new float[n][];
        float[][][] segms = new float[n][][];
        for (int o = 0; o < n; o++) {
            DemoWorld.Obj obj = scene.objects().get(o);
            objects.add(DemoWorld.SHAPE_CLASSES.get(obj.shape()));
            boxes[o] = new float[] {obj.x1(), obj.y1(), obj.x2(), obj.y2(), 0.9f};
            float cx = (obj.x1() + obj.x2()) / 2;
            float cy = (obj.y1() + obj.y2()) / 2;
            segms[o] = new float[][] {{cx, obj.y1(), obj.x2(), cy, cx, obj.y2(), obj.x1(), cy}};
        }
        return new VcrItem(id, "demo", scene.imageId(), scene.imageId() + ".json", objects, question, answers,
                rationales, labelled ? answerLabel : null, labelled ? rationaleLabel : null, scene.width(),
                scene.height(), boxes, segms);
    }

    /** Four distinct colours with {@code correct} at position {@code label}. */
    private static int[] choices(int correct, int label, SplittableRandom r) {
        int[] out = new int[4];
        List<Integer> others = new ArrayList<>();
        for (int c = 0; c < DemoWorld.COLORS.size(); c++) {
            if (c != correct) {
                others.add(c);
            }
        }
        for (int i = 0; i < 4; i++) {
            out[i] = i == label ? correct : others.remove(r.nextInt(others.size()));
        }
        return out;
    }

    private static VcrToken w(String word, WordPieceTokenizer tok) {
        return new VcrToken(word, null, TokenIds.of(tok, word));
    }

    private static VcrToken ref(int object) {
        return new VcrToken(null, new int[] {object}, new int[0]);
    }
}
