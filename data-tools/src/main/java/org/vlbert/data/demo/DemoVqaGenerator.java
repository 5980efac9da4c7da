package org.vlbert.data.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.vlbert.data.DataException;
import org.vlbert.data.arrow.ArrowSink;
import org.vlbert.data.arrow.Columns;
import org.vlbert.data.load.Seeds;
import org.vlbert.data.schema.RegionSchema;
import org.vlbert.data.schema.SchemaMeta;
import org.vlbert.data.schema.VqaSchema;
import org.vlbert.data.text.VocabFiles;
import org.vlbert.data.vqa.AnswerVocabulary;
import org.vlbert.data.vqa.SoftTarget;
import org.vlbert.data.vqa.VqaConverter;
import org.vlbert.data.vqa.VqaRows;
import org.vlbert.data.vqa.VqaSample;

/**
 * {@code vlbert data demo}: a small synthetic VQA dataset in the real formats — a regions file,
 * train/val/test VQA files, the answer list and a tiny BERT-style vocab.txt ([PAD]=0, [UNK]=100,
 * [CLS]=101, [SEP]=102, [MASK]=103, words from 104). Scenes hold objects whose region features
 * encode colour/shape/size (see {@link DemoWorld}); questions ask about a specific object, so a
 * model must attend to the right region to beat the answer prior. Output is a pure function of
 * the settings.
 */
public final class DemoVqaGenerator {
    public static final String REGIONS = "regions.arrow";
    public static final String VOCAB = "vocab.txt";
    public static final String ANSWERS = "answers.txt";

    /**
     * @param images         scenes in total (70% train, 15% val, 15% test)
     * @param trainQuestions questions of the train split; val and test get a fifth as many each
     * @param boxes          regions per image
     * @param featureDim     region feature width (2048 like BUTD)
     */
    public record Settings(int images, int trainQuestions, int boxes, int featureDim, long seed) {
        public Settings {
            if (images < 3 || trainQuestions < 1 || boxes < 1 || featureDim < 512) {
                throw new DataException("demo needs ≥ 3 images, ≥ 1 question, ≥ 1 box and feature width ≥ 512");
            }
        }

        public static Settings defaults() {
            return new Settings(500, 1500, 10, 2048, 1);
        }
    }

    /** What was written. */
    public record Result(Path dir, int images, Map<String, Integer> questionsPerSplit, long bytes, double seconds) {}

    public static String splitFile(String split) {
        return "vqa_" + split + ".arrow";
    }

    private DemoVqaGenerator() {}

    public static Result generate(Path dir, Settings s) {
        long start = System.nanoTime();
        try {
            Files.createDirectories(dir);
            List<String> vocab = vocabLines();
            Files.write(dir.resolve(VOCAB), vocab, StandardCharsets.UTF_8);
            Files.write(dir.resolve(ANSWERS), DemoQuestions.ANSWERS, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DataException("cannot write to " + dir + " (" + e.getMessage() + ")", e);
        }
        Map<String, Integer> ids = new HashMap<>();
        List<String> vocab = vocabLines();
        for (int i = 0; i < vocab.size(); i++) {
            ids.put(vocab.get(i), i);
        }
        List<DemoWorld.Scene> scenes = new ArrayList<>(s.images());
        SplittableRandom sceneRandom = new SplittableRandom(Seeds.mix(s.seed(), 1));
        for (int i = 0; i < s.images(); i++) {
            scenes.add(DemoWorld.scene(Integer.toString(i + 1), s.boxes(), sceneRandom));
        }
        long bytes = writeRegions(dir.resolve(REGIONS), scenes, s);

        List<DemoWorld.Scene> shuffled = new ArrayList<>(scenes);
        Collections.shuffle(shuffled, new java.util.Random(Seeds.mix(s.seed(), 2)));
        int nTrain = (int) Math.round(s.images() * 0.7);
        int nVal = Math.max(1, (s.images() - nTrain) / 2);
        Map<String, List<DemoWorld.Scene>> splits = new java.util.LinkedHashMap<>();
        splits.put("train", shuffled.subList(0, nTrain));
        splits.put("val", shuffled.subList(nTrain, nTrain + nVal));
        splits.put("test", shuffled.subList(nTrain + nVal, shuffled.size()));
        int small = Math.max(1, s.trainQuestions() / 5);
        Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        AnswerVocabulary answers = new AnswerVocabulary(DemoQuestions.ANSWERS);
        String vocabInfo = VocabFiles.describe(dir.resolve(VOCAB));
        long questionId = 1;
        int splitNo = 0;
        for (Map.Entry<String, List<DemoWorld.Scene>> e : splits.entrySet()) {
            int n = e.getKey().equals("train") ? s.trainQuestions() : small;
            SplittableRandom r = new SplittableRandom(Seeds.mix(s.seed(), 3, splitNo++));
            Path file = dir.resolve(splitFile(e.getKey()));
            try (ArrowSink sink = ArrowSink.create(file, VqaSchema.schema(VqaConverter.metadata(answers.answers(),
                    ids.get("left"), ids.get("right"), vocabInfo, "vlbert data demo")))) {
                for (int q = 0; q < n; q++) {
                    DemoWorld.Scene scene = e.getValue().get(r.nextInt(e.getValue().size()));
                    DemoQuestions.Qa qa = DemoQuestions.ask(scene, r);
                    List<String> tenAnswers = Collections.nCopies(10, qa.answer());
                    SoftTarget t = SoftTarget.of(tenAnswers, answers);
                    VqaRows.append(sink, new VqaSample(questionId++, scene.imageId(), qa.question(),
                            tokenIds(qa.question(), ids), tenAnswers, qa.answer(), qa.answerType(), qa.questionType(),
                            t.indices(), t.scores()));
                }
                bytes += sink.commit();
            }
            counts.put(e.getKey(), n);
        }
        return new Result(dir, s.images(), counts, bytes, (System.nanoTime() - start) / 1e9);
    }

    private static long writeRegions(Path file, List<DemoWorld.Scene> scenes, Settings s) {
        SplittableRandom r = new SplittableRandom(Seeds.mix(s.seed(), 4));
        RegionSchema.Layout layout = RegionSchema.Layout.basic(s.featureDim(), false);
        try (ArrowSink sink = ArrowSink.create(file, RegionSchema.schema(layout, Map.of(SchemaMeta.WRITER, "vlbert data demo")))) {
            float[] feats = new float[s.boxes() * s.featureDim()];
            float[] boxes = new float[s.boxes() * 4];
            for (DemoWorld.Scene scene : scenes) {
                for (int k = 0; k < s.boxes(); k++) {
                    DemoWorld.Obj o = scene.objects().get(k);
                    boxes[k * 4] = o.x1();
                    boxes[k * 4 + 1] = o.y1();
                    boxes[k * 4 + 2] = o.x2();
                    boxes[k * 4 + 3] = o.y2();
                    DemoWorld.feature(o, s.featureDim(), r, feats, k * s.featureDim());
                }
                VectorSchemaRoot root = sink.root();
                int row = sink.row();
                Columns.utf8(root.getVector(RegionSchema.IMAGE_ID), row, scene.imageId());
                Columns.int32(root.getVector(RegionSchema.WIDTH), row, scene.width());
                Columns.int32(root.getVector(RegionSchema.HEIGHT), row, scene.height());
                Columns.floatMatrix(root.getVector(RegionSchema.BOXES), row, boxes, s.boxes());
                Columns.floatMatrix(root.getVector(RegionSchema.FEATURES), row, feats, s.boxes());
                sink.endRow();
            }
            return sink.commit();
        }
    }

    /** BERT-style vocab: [PAD], [unused0..98], [UNK], [CLS], [SEP], [MASK], then the demo words. */
    static List<String> vocabLines() {
        List<String> lines = new ArrayList<>();
        lines.add("[PAD]");
        for (int i = 0; i < 99; i++) {
            lines.add("[unused" + i + "]");
        }
        lines.addAll(List.of("[UNK]", "[CLS]", "[SEP]", "[MASK]"));
        lines.addAll(DemoQuestions.WORDS);
        return lines;
    }

    /** The BERT tokenization of a demo question: lower-case words and a separate "?". */
    static int[] tokenIds(String question, Map<String, Integer> ids) {
        String[] words = question.replace("?", " ?").strip().split(" +");
        int[] out = new int[words.length];
        for (int i = 0; i < words.length; i++) {
            Integer id = ids.get(words[i]);
            if (id == null) {
                throw new IllegalStateException("demo word '" + words[i] + "' missing from the vocab");
            }
            out[i] = id;
        }
        return out;
    }
}
