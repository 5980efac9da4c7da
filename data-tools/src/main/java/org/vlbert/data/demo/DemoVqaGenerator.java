package org.vlbert.data.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.vlbert.data.DataException;
import org.vlbert.data.arrow.ArrowSink;
import org.vlbert.data.load.Seeds;
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
        DemoScenes scenes = DemoScenes.of(s.images(), s.boxes(), s.seed());
        long bytes = DemoShared.write(dir, scenes, s.featureDim(), s.seed());
        Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        bytes += write(dir, scenes, s.trainQuestions(), s.seed(), counts);
        return new Result(dir, s.images(), counts, bytes, (System.nanoTime() - start) / 1e9);
    }

    /** Writes answers.txt and vqa_{train,val,test}.arrow for the scenes; counts questions per split. */
    static long write(Path dir, DemoScenes scenes, int trainQuestions, long seed, Map<String, Integer> counts) {
        try {
            Files.write(dir.resolve(ANSWERS), DemoQuestions.ANSWERS, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DataException("cannot write to " + dir + " (" + e.getMessage() + ")", e);
        }
        Map<String, Integer> ids = new HashMap<>();
        List<String> vocab = DemoVocabulary.lines();
        for (int i = 0; i < vocab.size(); i++) {
            ids.put(vocab.get(i), i);
        }
        int small = Math.max(1, trainQuestions / 5);
        AnswerVocabulary answers = new AnswerVocabulary(DemoQuestions.ANSWERS);
        String vocabInfo = VocabFiles.describe(dir.resolve(VOCAB));
        long bytes = 0;
        long questionId = 1;
        int splitNo = 0;
        for (Map.Entry<String, List<DemoWorld.Scene>> e : scenes.splits.entrySet()) {
            int n = e.getKey().equals("train") ? trainQuestions : small;
            SplittableRandom r = new SplittableRandom(Seeds.mix(seed, 3, splitNo++));
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
        return bytes;
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
