package org.vlbert.data.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.data.demo.DemoData;
import org.vlbert.data.refcoco.CandidateBoxes;
import org.vlbert.data.refcoco.RefcocoDataset;
import org.vlbert.data.refcoco.RefcocoExample;
import org.vlbert.data.refcoco.RefcocoRef;
import org.vlbert.data.refcoco.RefcocoRefs;
import org.vlbert.data.regions.RegionFeatures;
import org.vlbert.data.vqa.VqaDataset;
import org.vlbert.data.vqa.VqaExample;
import org.vlbert.data.vqa.VqaSamples;

/** Group ids read from the demo RefCOCO+ and VQA files, and grouped plans over them. */
class AspectGroupsOnDemoDataTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void generate() {
        DemoData.generate(dir, new DemoData.Settings(40, 60, 80, 3, 512, 3),
                EnumSet.of(DemoData.Task.VQA, DemoData.Task.REFCOCO));
    }

    /** Only the plans are inspected; no batch is built. */
    private static <R> Collator<R> none() {
        return (rows, ctx) -> Map.of();
    }

    @Test
    void refcocoGroupsFollowEachExpressionsCocoImageSize() {
        try (RefcocoRefs refs = RefcocoRefs.open(dir.resolve("refcoco+.arrow"))) {
            RefcocoDataset data = new RefcocoDataset(refs, "train", CandidateBoxes.parse("gt"), null);
            int[] groups = data.aspectGroups();
            assertEquals(data.size(), groups.length);
            int portrait = 0;
            for (int i = 0; i < groups.length; i++) {
                RefcocoRef ref = data.get(i).ref();
                assertEquals(AspectGroup.of(ref.imageWidth(), ref.imageHeight()), groups[i], "expression " + i);
                portrait += groups[i];
            }
            assertTrue(portrait > 0 && portrait < groups.length, "the demo mixes orientations: " + portrait);

            LoaderOptions opts = LoaderOptions.of(4, true, 9);
            DataLoader<RefcocoExample> grouped = new DataLoader<>(data, none(), opts, groups);
            DataLoader<RefcocoExample> plain = new DataLoader<>(data, none(), opts);
            for (int epoch = 0; epoch < 2; epoch++) {
                for (int[] batch : grouped.plan(epoch)) {
                    for (int i : batch) {
                        RefcocoRef ref = data.get(i).ref();
                        assertEquals(groups[batch[0]], AspectGroup.of(ref.imageWidth(), ref.imageHeight()),
                                "epoch " + epoch + " batch " + Arrays.toString(batch) + " mixes orientations");
                    }
                }
                assertArrayEquals(sorted(plain.plan(epoch)), sorted(grouped.plan(epoch)),
                        "the grouped epoch has exactly the samples of the plain one");
            }
        }
    }

    @Test
    void vqaGroupsFollowTheRegionFilesImageSize() {
        try (VqaSamples samples = VqaSamples.open(dir.resolve("vqa_train.arrow"));
             RegionFeatures regions = RegionFeatures.open(dir.resolve("regions.arrow"))) {
            VqaDataset data = new VqaDataset(samples, regions);
            int[] groups = data.aspectGroups();
            assertEquals(data.size(), groups.length);
            for (int i = 0; i < groups.length; i++) {
                VqaExample e = data.get(i);
                assertEquals(AspectGroup.of(e.region().width(), e.region().height()), groups[i], "question " + i);
                int row = regions.indexOf(e.region().imageId());
                assertEquals(e.region().width(), regions.width(row));
                assertEquals(e.region().height(), regions.height(row));
            }
            assertTrue(Arrays.stream(groups).sum() > 0, "some demo images are portrait");
        }
    }

    private static int[] sorted(int[][] plan) {
        return Arrays.stream(plan).flatMapToInt(Arrays::stream).sorted().toArray();
    }
}
