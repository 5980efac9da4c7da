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
 * VCR demo items ({@code vcr_{train,val,test}.arrow}) about object k of a scene: half ask "what
 * color is [k] ?" with answers "[k] is &lt;colour&gt;" (the true colour and three others) and
 * rationales "because [k] has a &lt;colour&gt; surface"; half ask "what shape is [k] ?" with "[k] is
 * a &lt;shape&gt;" and "because [k] is a &lt;shape&gt;". The colour is only in the object's region
 * feature (which the answer's object tag points at); the shape is also in its name, since objects
 * are named by class (shape → COCO class, "person" objects getting the rolling person names), so
 * shape questions are learned first. {@code img_fn} is the scene id, the key of
 * {@code regions.arrow}. Test items have no labels.
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
        DemoWorld.Obj target = scene.objects().get(k);
        boolean colour = r.nextBoolean();
        List<String> values = colour ? DemoWorld.COLORS : DemoWorld.SHAPES;
        int truth = colour ? target.color() : target.shape();
        List<VcrToken> question = List.of(w("what", tok), w(colour ? "color" : "shape", tok), w("is", tok), ref(k),
                w("?", tok));
        int answerLabel = r.nextInt(4);
        List<List<VcrToken>> answers = new ArrayList<>();
        for (int v : choices(truth, values.size(), answerLabel, r)) {
            answers.add(colour ? List.of(ref(k), w("is", tok), w(values.get(v), tok))
                    : List.of(ref(k), w("is", tok), w("a", tok), w(values.get(v), tok)));
        }
        int rationaleLabel = r.nextInt(4);
        List<List<VcrToken>> rationales = new ArrayList<>();
        for (int v : choices(truth, values.size(), rationaleLabel, r)) {
            rationales.add(colour ? List.of(w("because", tok), ref(k), w("has", tok), w("a", tok),
                    w(values.get(v), tok), w("surface", tok))
                    : List.of(w("because", tok), ref(k), w("is", tok), w("a", tok), w(values.get(v), tok)));
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

    /** Four distinct values of {@code 0..count-1} with {@code correct} at position {@code label}. */
    private static int[] choices(int correct, int count, int label, SplittableRandom r) {
        int[] out = new int[4];
        List<Integer> others = new ArrayList<>();
        for (int c = 0; c < count; c++) {
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
