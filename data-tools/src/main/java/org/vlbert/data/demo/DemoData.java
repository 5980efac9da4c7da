package org.vlbert.data.demo;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.vlbert.data.DataException;
import org.vlbert.data.text.VocabFiles;
import org.vlbert.data.text.WordPieceTokenizer;

/**
 * {@code vlbert data demo}: small synthetic but learnable datasets for every task, in the real
 * Arrow formats, all in one directory (docs/data-formats.md, "Demo dataset"): {@code vocab.txt}
 * and {@code regions.arrow} shared by all tasks, then per task
 * <ul>
 *   <li>VQA: {@code answers.txt}, {@code vqa_{train,val,test}.arrow};</li>
 *   <li>VCR: {@code vcr_{train,val,test}.arrow};</li>
 *   <li>RefCOCO+: {@code refcoco+.arrow};</li>
 *   <li>pretraining: {@code captions_{train,val}.arrow}, {@code corpus_{train,val}.arrow}.</li>
 * </ul>
 * Output is a pure function of the settings; the shared files do not depend on the tasks chosen,
 * so several runs with different tasks into one directory fit together.
 */
public final class DemoData {
    public enum Task { VQA, VCR, REFCOCO, PRETRAIN }

    /**
     * @param images    scenes in total (70% train, 15% val, 15% test)
     * @param questions VQA training questions (val and test get a fifth each)
     * @param samples   training samples of the other tasks (VCR items, RefCOCO+ refs at most, captions and
     *                  corpus lines); val/test get a fifth
     * @param boxes     objects (regions) per image
     */
    public record Settings(int images, int questions, int samples, int boxes, int featureDim, long seed) {
        public Settings {
            if (images < 3 || questions < 1 || samples < 1 || boxes < 1 || featureDim < 512) {
                throw new DataException("demo needs ≥ 3 images, ≥ 1 question and sample, ≥ 1 box and feature width"
                        + " ≥ 512");
            }
        }
    }

    /** What was written: rows per file (or per RefCOCO+ split), total bytes, seconds. */
    public record Result(Path dir, int images, Map<String, Integer> rows, long bytes, double seconds) {}

    private DemoData() {}

    public static Result generate(Path dir, Settings s, Set<Task> tasks) {
        long start = System.nanoTime();
        DemoScenes scenes = DemoScenes.of(s.images(), s.boxes(), s.seed());
        long bytes = DemoShared.write(dir, scenes, s.featureDim(), s.seed());
        Map<String, Integer> rows = new LinkedHashMap<>();
        Path vocab = dir.resolve(DemoShared.VOCAB);
        WordPieceTokenizer tok = tasks.equals(EnumSet.of(Task.VQA)) ? null
                : org.vlbert.data.tokenizer.BertTokenizer.fromVocab(vocab);
        String vocabInfo = VocabFiles.describe(vocab);
        if (tasks.contains(Task.VQA)) {
            Map<String, Integer> perSplit = new LinkedHashMap<>();
            bytes += DemoVqaGenerator.write(dir, scenes, s.questions(), s.seed(), perSplit);
            perSplit.forEach((split, n) -> rows.put(DemoVqaGenerator.splitFile(split), n));
        }
        if (tasks.contains(Task.VCR)) {
            bytes += DemoVcr.write(dir, scenes, s.samples(), s.seed(), tok, vocabInfo, rows);
        }
        if (tasks.contains(Task.REFCOCO)) {
            bytes += DemoRefcoco.write(dir, scenes, s.samples(), s.seed(), tok, vocabInfo, rows);
        }
        if (tasks.contains(Task.PRETRAIN)) {
            bytes += DemoPretrain.write(dir, scenes, s.samples(), s.seed(), tok, vocabInfo, rows);
        }
        return new Result(dir, s.images(), rows, bytes, (System.nanoTime() - start) / 1e9);
    }
}
