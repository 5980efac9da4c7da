package org.vlbert.data.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.vlbert.data.arrow.ArrowSink;
import org.vlbert.data.load.Seeds;
import org.vlbert.data.schema.SchemaMeta;
import org.vlbert.data.schema.TextSchema;
import org.vlbert.data.text.TextRows;
import org.vlbert.data.text.WordPieceTokenizer;
import org.vlbert.data.text.WordPieces;

/**
 * The pretraining demo: captions of the train/val scenes ({@code captions_{train,val}.arrow}, e.g.
 * "a small red cube , a large blue sphere and a small green cone .", objects in random order, keyed
 * by scene id into {@code regions.arrow}) and a text-only corpus of sentences from the same small
 * grammar ({@code corpus_{train,val}.arrow}, one sentence per line).
 */
final class DemoPretrain {
    private DemoPretrain() {}

    static String captions(String split) {
        return "captions_" + split + ".arrow";
    }

    static String corpus(String split) {
        return "corpus_" + split + ".arrow";
    }

    static long write(Path dir, DemoScenes scenes, int trainSamples, long seed, WordPieceTokenizer tok,
                      String vocabInfo, Map<String, Integer> counts) {
        Map<String, String> meta = SchemaMeta.withProvenance(new LinkedHashMap<>(), vocabInfo, "vlbert data demo");
        long bytes = 0;
        int splitNo = 0;
        for (String split : List.of("train", "val")) {
            int n = split.equals("train") ? trainSamples : Math.max(1, trainSamples / 5);
            List<DemoWorld.Scene> list = scenes.splits.get(split);
            SplittableRandom r = new SplittableRandom(Seeds.mix(seed, 8, splitNo));
            try (ArrowSink sink = ArrowSink.create(dir.resolve(captions(split)), TextSchema.captions(meta))) {
                for (int i = 0; i < n; i++) {
                    DemoWorld.Scene scene = list.get(r.nextInt(list.size()));
                    String text = caption(scene, r);
                    TextRows.append(sink, scene.imageId(), text, WordPieces.of(tok, text));
                }
                bytes += sink.commit();
            }
            counts.put(captions(split), n);
            SplittableRandom c = new SplittableRandom(Seeds.mix(seed, 9, splitNo++));
            try (ArrowSink sink = ArrowSink.create(dir.resolve(corpus(split)), TextSchema.corpus(meta))) {
                for (int i = 0; i < n; i++) {
                    String text = sentence(c);
                    TextRows.append(sink, null, text, WordPieces.of(tok, text));
                }
                bytes += sink.commit();
            }
            counts.put(corpus(split), n);
        }
        return bytes;
    }

    private static String caption(DemoWorld.Scene scene, SplittableRandom r) {
        List<DemoWorld.Obj> objects = new ArrayList<>(scene.objects());
        Collections.shuffle(objects, new java.util.Random(r.nextLong()));
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < objects.size(); i++) {
            if (i > 0) {
                b.append(i == objects.size() - 1 ? " and " : " , ");
            }
            DemoWorld.Obj o = objects.get(i);
            b.append("a ").append(DemoWorld.SIZES.get(o.size())).append(' ').append(DemoWorld.COLORS.get(o.color()))
                    .append(' ').append(DemoWorld.SHAPES.get(o.shape()));
        }
        return b.append(" .").toString();
    }

    private static String sentence(SplittableRandom r) {
        String c1 = DemoWorld.COLORS.get(r.nextInt(DemoWorld.COLORS.size()));
        String s1 = DemoWorld.SHAPES.get(r.nextInt(DemoWorld.SHAPES.size()));
        String c2 = DemoWorld.COLORS.get(r.nextInt(DemoWorld.COLORS.size()));
        String s2 = DemoWorld.SHAPES.get(r.nextInt(DemoWorld.SHAPES.size()));
        String size = DemoWorld.SIZES.get(r.nextInt(DemoWorld.SIZES.size()));
        return switch (r.nextInt(3)) {
            case 0 -> "the " + c1 + " " + s1 + " is " + size + " .";
            case 1 -> "there is a " + size + " " + c1 + " " + s1 + " next to the " + c2 + " " + s2 + " .";
            default -> "a " + c1 + " " + s1 + " and a " + c2 + " " + s2 + " .";
        };
    }
}
