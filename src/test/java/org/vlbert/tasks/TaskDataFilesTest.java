package org.vlbert.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.cli.VlbertException;
import org.vlbert.config.ConfigLoader;
import org.vlbert.config.VlbertConfig;
import org.vlbert.data.demo.DemoData;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.testutil.RepoRoot;
import org.vlbert.train.BatchStream;

/** The task plug-ins on generated demo files: file layout, resumable batches, clear errors. */
class TaskDataFilesTest {
    @TempDir
    static Path data;

    @BeforeAll
    static void generate() {
        DemoData.generate(data, new DemoData.Settings(30, 10, 64, 3, 512, 9), EnumSet.allOf(DemoData.Task.class));
    }

    private static VlbertConfig config(String task, String... more) {
        String prefix = task.equals("pretrain") ? "DATASET.0." : "DATASET.";
        List<String> set = new ArrayList<>(List.of(prefix + "DATASET_PATH=" + data, "NETWORK.BERT_MODEL_NAME=" + data));
        set.addAll(List.of(more));
        return ConfigLoader.load(RepoRoot.cfgs().resolve(task).resolve("demo_tiny.yaml"), null, set);
    }

    private static List<long[]> questions(BatchStream s, int epoch, int start) {
        List<long[]> out = new ArrayList<>();
        Iterator<Map<String, HostTensor>> it = s.epoch(epoch, start);
        it.forEachRemaining(b -> out.add(b.get("question").toLongArray()));
        return out;
    }

    @Test
    void vcrBatchesResumeWithTheSamePersonNamesAndTheCounterMoves() throws Exception {
        List<String> vocab = Files.readAllLines(data.resolve("vocab.txt"));
        try (TaskData d = TaskDataFactory.open(config("vcr"))) {
            BatchStream train = d.train(0, 1, 7);
            List<long[]> all = questions(train, 1, 0);
            List<long[]> resumed = questions(train, 1, 3);
            assertEquals(all.size() - 3, resumed.size());
            for (int i = 0; i < resumed.size(); i++) {
                assertArrayEquals(all.get(i + 3), resumed.get(i), "batch " + (i + 3));
            }
            Set<String> names = new HashSet<>();
            for (long[] q : all) {
                for (int k = 0; k < q.length; k += 3) {
                    String w = q[k] >= 0 ? vocab.get((int) q[k]) : "";
                    if (List.of("casey", "riley", "jessie", "jackie", "avery", "jaime", "peyton").contains(w)) {
                        names.add(w);
                    }
                }
            }
            assertTrue(names.size() > 1, "the rolling counter names persons differently: " + names);
        }
    }

    /** Writes a uniform PNG of each demo image's size (ImageIO reads by content, so any name works). */
    private static void writeImages(Path dir, java.util.function.IntFunction<String> name) throws Exception {
        Files.createDirectories(dir);
        try (var regions = org.vlbert.data.regions.RegionFeatures.open(data.resolve("regions.arrow"))) {
            for (int i = 0; i < regions.size(); i++) {
                var r = regions.get(i);
                var img = new java.awt.image.BufferedImage(r.width(), r.height(),
                        java.awt.image.BufferedImage.TYPE_INT_RGB);
                javax.imageio.ImageIO.write(img, "png", dir.resolve(name.apply(Integer.parseInt(r.imageId()))).toFile());
            }
        }
    }

    @Test
    void pixelPathBatchesReadTheImagesWhereTheReferenceKeepsThem() throws Exception {
        writeImages(data.resolve("vcr1images"), id -> Integer.toString(id));
        writeImages(data.resolve("train2014"), id -> String.format("COCO_train2014_%012d.jpg", id));
        String[] pixels = {"NETWORK.IMAGE_FEAT_PRECOMPUTED=false", "SCALES=[60,120]"};
        try (TaskData d = TaskDataFactory.open(config("vcr", pixels))) {
            Map<String, HostTensor> b = d.train(0, 1, 1).epoch(0, 0).next();
            assertEquals(List.of("boxes", "image", "masks", "question", "answer_choices", "answer_label", "im_info"),
                    List.copyOf(b.keySet()));
            long[] image = b.get("image").shape();
            // FixPadding to (60, 120) or (120, 60) by orientation, then the batch maximum
            assertTrue(image[2] >= 60 && image[3] >= 60 && Math.max(image[2], image[3]) == 120,
                    java.util.Arrays.toString(image));
            assertEquals(14, b.get("masks").shape()[3]);
        }
        try (TaskData d = TaskDataFactory.open(config("refcoco", pixels))) {
            Map<String, HostTensor> b = d.train(0, 1, 1).epoch(0, 0).next();
            assertEquals(List.of("image", "boxes", "im_info", "expression", "label"), List.copyOf(b.keySet()));
            assertEquals(4, b.get("boxes").shape()[2]);
        }
    }

    @Test
    void annotationFilesMapToTheirConvertedArrowFiles() {
        assertEquals(Path.of("data/vcr/vcr_train.arrow"), DataFiles.converted(Path.of("data/vcr"), "train.jsonl", "vcr_"));
        assertEquals(Path.of("data/vcr/x.arrow"), DataFiles.converted(Path.of("data/vcr"), "x.arrow", "vcr_"));
        assertEquals(Path.of("corpus/bc1g.arrow"), DataFiles.converted(Path.of(""), "corpus/bc1g.doc", ""));
    }

    @Test
    void missingFilesNameTheCommandThatCreatesThem(@TempDir Path empty) {
        VlbertException vcr = assertThrows(VlbertException.class, () -> {
            try (TaskData d = TaskDataFactory.open(config("vcr", "DATASET.DATASET_PATH=" + empty))) {
                d.train(0, 1, 1);
            }
        });
        assertTrue(vcr.getMessage().contains("vcr_train.arrow does not exist: create it with 'vlbert data convert-vcr"),
                vcr.getMessage());
        VlbertException refcoco = assertThrows(VlbertException.class, () -> {
            try (TaskData d = TaskDataFactory.open(config("refcoco", "DATASET.TRAIN_BOXES=proposal"))) {
                d.train(0, 1, 1);
            }
        });
        assertTrue(refcoco.getMessage().contains("no region features for the RefCOCO+ proposal boxes"), refcoco.getMessage());
        VlbertException single = assertThrows(VlbertException.class, () -> TaskDataFactory.open(
                ConfigLoader.load(RepoRoot.cfgs().resolve("pretrain/base_prec_withouttextonly_4x16G_fp32.yaml"), null,
                        List.of("MODULE=ResNetVLBERTForPretrainingMultitask"))));
        assertTrue(single.getMessage().contains("needs DATASET as a list of two entries"), single.getMessage());
    }
}
