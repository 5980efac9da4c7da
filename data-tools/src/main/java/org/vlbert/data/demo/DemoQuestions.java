package org.vlbert.data.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Question templates over a {@link DemoWorld.Scene}. Every question has exactly one correct
 * answer from {@link #ANSWERS}; templates that would be ambiguous for a scene (e.g. "the cube"
 * when there are two cubes) are not used for it.
 */
final class DemoQuestions {
    record Qa(String question, String answer, String answerType, String questionType) {}

    /** The 32 answers (the demo config's ANSWER_VOCAB_SIZE), {@code <unk>} first. */
    static final List<String> ANSWERS;

    static {
        List<String> a = new ArrayList<>();
        a.add("<unk>");
        a.addAll(DemoWorld.COLORS);
        a.addAll(DemoWorld.SHAPES);
        a.addAll(List.of("yes", "no"));
        a.addAll(DemoWorld.SIZES);
        a.addAll(List.of("left", "right"));
        for (int i = 0; i <= 10; i++) {
            a.add(Integer.toString(i));
        }
        ANSWERS = List.copyOf(a);
    }

    /** Every word a question or answer can contain (the vocab.txt words). */
    static final List<String> WORDS;

    static {
        List<String> w = new ArrayList<>(List.of("what", "color", "shape", "size", "is", "the", "object", "objects",
                "there", "a", "an", "how", "many", "are", "of", "or", "left", "right", "?"));
        for (String s : ANSWERS) {
            if (!s.equals("<unk>") && !w.contains(s)) {
                w.add(s);
            }
        }
        WORDS = List.copyOf(w);
    }

    private DemoQuestions() {}

    /** One question about the scene, type drawn with fixed weights (easy types more often). */
    static Qa ask(DemoWorld.Scene scene, SplittableRandom r) {
        for (int attempt = 0; attempt < 20; attempt++) {
            double p = r.nextDouble();
            Qa qa = p < 0.25 ? colorOf(scene, r)
                    : p < 0.50 ? shapeOf(scene, r)
                    : p < 0.70 ? exists(scene, r)
                    : p < 0.80 ? sizeOf(scene, r)
                    : p < 0.90 ? count(scene, r)
                    : leftOrRight(scene, r);
            if (qa != null) {
                return qa;
            }
        }
        return exists(scene, r);
    }

    private static Qa colorOf(DemoWorld.Scene s, SplittableRandom r) {
        List<DemoWorld.Obj> unique = uniqueBy(s, o -> o.shape());
        if (unique.isEmpty()) {
            return null;
        }
        DemoWorld.Obj o = unique.get(r.nextInt(unique.size()));
        return new Qa("what color is the " + DemoWorld.SHAPES.get(o.shape()) + "?", DemoWorld.COLORS.get(o.color()),
                "other", "what color is the");
    }

    private static Qa shapeOf(DemoWorld.Scene s, SplittableRandom r) {
        List<DemoWorld.Obj> unique = uniqueBy(s, o -> o.color());
        if (unique.isEmpty()) {
            return null;
        }
        DemoWorld.Obj o = unique.get(r.nextInt(unique.size()));
        return new Qa("what shape is the " + DemoWorld.COLORS.get(o.color()) + " object?",
                DemoWorld.SHAPES.get(o.shape()), "other", "what shape is the");
    }

    private static Qa exists(DemoWorld.Scene s, SplittableRandom r) {
        int color;
        int shape;
        if (r.nextBoolean()) {
            DemoWorld.Obj o = s.objects().get(r.nextInt(s.objects().size()));
            color = o.color();
            shape = o.shape();
        } else {
            color = r.nextInt(DemoWorld.COLORS.size());
            shape = r.nextInt(DemoWorld.SHAPES.size());
        }
        boolean present = false;
        for (DemoWorld.Obj o : s.objects()) {
            present |= o.color() == color && o.shape() == shape;
        }
        return new Qa("is there a " + DemoWorld.COLORS.get(color) + " " + DemoWorld.SHAPES.get(shape) + "?",
                present ? "yes" : "no", "yes/no", "is there a");
    }

    private static Qa sizeOf(DemoWorld.Scene s, SplittableRandom r) {
        List<DemoWorld.Obj> unique = uniqueBy(s, o -> o.color() * 100 + o.shape());
        if (unique.isEmpty()) {
            return null;
        }
        DemoWorld.Obj o = unique.get(r.nextInt(unique.size()));
        return new Qa("what size is the " + name(o) + "?", DemoWorld.SIZES.get(o.size()), "other", "what size is the");
    }

    private static Qa count(DemoWorld.Scene s, SplittableRandom r) {
        boolean byColor = r.nextBoolean();
        int v = r.nextInt(byColor ? DemoWorld.COLORS.size() : DemoWorld.SHAPES.size());
        int n = 0;
        for (DemoWorld.Obj o : s.objects()) {
            n += (byColor ? o.color() : o.shape()) == v ? 1 : 0;
        }
        if (n > 10) {
            return null;
        }
        String what = byColor ? DemoWorld.COLORS.get(v) : DemoWorld.SHAPES.get(v);
        return new Qa("how many " + what + " objects are there?", Integer.toString(n), "number", "how many");
    }

    private static Qa leftOrRight(DemoWorld.Scene s, SplittableRandom r) {
        List<DemoWorld.Obj> unique = uniqueBy(s, o -> o.color() * 100 + o.shape());
        if (unique.size() < 2) {
            return null;
        }
        DemoWorld.Obj a = unique.get(r.nextInt(unique.size()));
        DemoWorld.Obj b = unique.get(r.nextInt(unique.size()));
        if (a == b || Math.abs(a.centerX() - b.centerX()) < 20) {
            return null;
        }
        String answer = a.centerX() < b.centerX() ? "left" : "right";
        return new Qa("is the " + name(a) + " left or right of the " + name(b) + "?", answer, "other", "is the");
    }

    private static String name(DemoWorld.Obj o) {
        return DemoWorld.COLORS.get(o.color()) + " " + DemoWorld.SHAPES.get(o.shape());
    }

    private static List<DemoWorld.Obj> uniqueBy(DemoWorld.Scene s, java.util.function.ToIntFunction<DemoWorld.Obj> key) {
        List<DemoWorld.Obj> out = new ArrayList<>();
        for (DemoWorld.Obj o : s.objects()) {
            int k = key.applyAsInt(o);
            int n = 0;
            for (DemoWorld.Obj p : s.objects()) {
                n += key.applyAsInt(p) == k ? 1 : 0;
            }
            if (n == 1) {
                out.add(o);
            }
        }
        return out;
    }
}
