package org.vlbert.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.cli.VlbertException;
import org.vlbert.config.ConfigLoader;
import org.vlbert.config.VlbertConfig;
import org.vlbert.data.demo.DemoData;
import org.vlbert.data.refcoco.RefcocoRefs;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.testutil.RepoRoot;
import org.vlbert.train.BatchStream;

/** TRAIN.ASPECT_GROUPING through the task plug-ins, on generated demo files. */
class AspectGroupingTaskDataTest {
    @TempDir
    static Path data;

    @BeforeAll
    static void generate() {
        DemoData.generate(data, new DemoData.Settings(40, 60, 80, 3, 512, 4), EnumSet.allOf(DemoData.Task.class));
    }

    private static VlbertConfig config(String task, boolean grouping) {
        String prefix = task.equals("pretrain") ? "DATASET.0." : "DATASET.";
        return ConfigLoader.load(RepoRoot.cfgs().resolve(task).resolve("demo_tiny.yaml"), null,
                List.of(prefix + "DATASET_PATH=" + data, "NETWORK.BERT_MODEL_NAME=" + data,
                        "TRAIN.ASPECT_GROUPING=" + grouping));
    }

    /** Per batch of an epoch: +1 for each strictly landscape image, -1 for strictly portrait (from im_info w, h). */
    private static List<int[]> orientations(BatchStream s, int epoch) {
        List<int[]> out = new ArrayList<>();
        s.epoch(epoch, 0).forEachRemaining(b -> out.add(orientations(b)));
        return out;
    }

    private static int[] orientations(Map<String, HostTensor> batch) {
        HostTensor info = batch.get("im_info");
        FloatBuffer f = info.floatView();
        int cols = (int) info.dim(1);
        int[] o = new int[(int) info.dim(0)];
        for (int i = 0; i < o.length; i++) {
            o[i] = (int) Math.signum(f.get(i * cols) - f.get(i * cols + 1));
        }
        return o;
    }

    private static boolean mixed(int[] o) {
        return Arrays.stream(o).anyMatch(x -> x > 0) && Arrays.stream(o).anyMatch(x -> x < 0);
    }

    @Test
    void refcocoTrainingBatchesAreSingleOrientationAndCountedPerGroup() {
        int[] groups;
        try (RefcocoRefs refs = RefcocoRefs.open(data.resolve("refcoco+.arrow"))) {
            groups = refs.aspectGroups("train");
        }
        int portrait = Arrays.stream(groups).sum();
        assertTrue(portrait > 0 && portrait < groups.length, "demo orientations: " + portrait + " of " + groups.length);
        int expected = (portrait + 7) / 8 + (groups.length - portrait + 7) / 8;
        try (TaskData grouped = TaskDataFactory.open(config("refcoco", true));
             TaskData plain = TaskDataFactory.open(config("refcoco", false))) {
            BatchStream g = grouped.train(0, 1, 3);
            assertEquals(expected, g.batchesPerEpoch());
            List<int[]> epoch = orientations(g, 1);
            assertEquals(expected, epoch.size());
            assertEquals(groups.length, epoch.stream().mapToInt(o -> o.length).sum());
            epoch.forEach(o -> assertFalse(mixed(o), Arrays.toString(o)));

            assertEquals((groups.length + 7) / 8, plain.train(0, 1, 3).batchesPerEpoch());
            assertTrue(orientations(plain.train(0, 1, 3), 1).stream().anyMatch(AspectGroupingTaskDataTest::mixed),
                    "without grouping some batch mixes orientations (else this test shows nothing)");
            // validation never groups
            assertTrue(orientations(grouped.val(0, 1), 0).stream().anyMatch(AspectGroupingTaskDataTest::mixed));
        }
    }

    @Test
    void vqaTrainingBatchesAreSingleOrientation() {
        try (TaskData d = TaskDataFactory.open(config("vqa", true));
             TaskData plain = TaskDataFactory.open(config("vqa", false))) {
            orientations(d.train(0, 1, 5), 0).forEach(o -> assertFalse(mixed(o), Arrays.toString(o)));
            assertTrue(orientations(plain.train(0, 1, 5), 0).stream().anyMatch(AspectGroupingTaskDataTest::mixed));
        }
    }

    @Test
    void vcrAndPretrainingRefuseItAsTheOriginalDatasetsDo() {
        for (String task : List.of("vcr", "pretrain")) {
            VlbertException e = assertThrows(VlbertException.class, () -> {
                try (TaskData d = TaskDataFactory.open(config(task, true))) {
                    d.train(0, 1, 1);
                }
            });
            assertTrue(e.getMessage().contains("TRAIN.ASPECT_GROUPING is true")
                    && e.getMessage().contains("set TRAIN.ASPECT_GROUPING: false"), e.getMessage());
        }
    }
}
