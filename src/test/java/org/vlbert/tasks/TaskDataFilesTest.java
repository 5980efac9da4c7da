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
                        List.of())));
        assertTrue(single.getMessage().contains("caption-only pretraining"), single.getMessage());
    }
}
