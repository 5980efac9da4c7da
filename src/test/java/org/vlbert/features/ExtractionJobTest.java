package org.vlbert.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.cli.VlbertException;
import org.vlbert.data.image.ImageTransform;
import org.vlbert.data.image.PreparedImage;
import org.vlbert.data.schema.RegionSchema;
import org.vlbert.monitor.ProgressBar;

/**
 * The extraction pipeline with a stand-in featurizer whose "feature" of a box is its
 * resized-image coordinates: checks the transform wiring, the region file, bad images and resume.
 */
class ExtractionJobTest {
    @TempDir
    Path dir;

    /** Feature of a box = its 4 coordinates in the resized image; fails after {@code failAfter} images. */
    private static final class BoxEcho implements Featurizer {
        private final int failAfter;
        int calls;

        BoxEcho(int failAfter) {
            this.failAfter = failAfter;
        }

        @Override
        public long featureDim() {
            return 4;
        }

        @Override
        public float[] extract(PreparedImage image, float[] resizedBoxes) {
            if (++calls > failAfter) {
                throw new IllegalStateException("interrupted");
            }
            return resizedBoxes.clone();
        }
    }

    private static final ImageTransform SCALE_TO_20 = ImageTransform.reference(20, 100);

    private Path images() throws IOException {
        Path imgs = Files.createDirectories(dir.resolve("imgs"));
        writePng(imgs.resolve("a.png"), 10, 8);        // -> 25 x 20
        writePng(imgs.resolve("b.jpg"), 40, 20);       // -> 40 x 20 (a JPEG file named by id + .jpg)
        writePng(imgs.resolve("sub/c.png"), 20, 20);   // unchanged, given by "file"
        Files.writeString(imgs.resolve("junk.png"), "not an image");
        return imgs;
    }

    private static void writePng(Path p, int w, int h) throws IOException {
        Files.createDirectories(p.getParent());
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (x * 20) << 16 | (y * 10) << 8 | 77);
            }
        }
        ImageIO.write(img, p.toString().endsWith(".jpg") ? "jpg" : "png", p.toFile());
    }

    private static List<ImageBoxes> items() {
        return List.of(
                new ImageBoxes("a", null, new float[] {0, 0, 4, 4, 2, 1, 9, 7}),
                new ImageBoxes("junk", "junk.png", new float[] {0, 0, 1, 1}),
                new ImageBoxes("b", null, new float[] {10, 5, 30, 15}),
                new ImageBoxes("missing", null, new float[] {0, 0, 1, 1}),
                new ImageBoxes("c", "sub/c.png", new float[0]));
    }

    private ExtractionJob job(Path imgs, Featurizer f, boolean imageBox, int shard) {
        return new ExtractionJob(new ExtractionJob.Settings(imgs, items(), dir.resolve("regions.arrow"), imageBox, shard,
                Map.of("vlbert.writer", "test")), SCALE_TO_20, f, m -> { });
    }

    private static ProgressBar quiet() {
        return ProgressBar.forConsole("test", 0);
    }

    /** Rows of a region file: id, width, height, boxes, features, image box feature. */
    private record Row(String id, int w, int h, float[] boxes, float[] features, float[] imageBox) {}

    private static List<Row> read(Path file) throws IOException {
        List<Row> out = new ArrayList<>();
        try (RootAllocator alloc = new RootAllocator();
             FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
             ArrowFileReader r = new ArrowFileReader(ch, alloc)) {
            VectorSchemaRoot root = r.getVectorSchemaRoot();
            while (r.loadNextBatch()) {
                for (int i = 0; i < root.getRowCount(); i++) {
                    FixedSizeListVector ib = (FixedSizeListVector) root.getVector(RegionSchema.IMAGE_BOX_FEATURE);
                    out.add(new Row(root.getVector(RegionSchema.IMAGE_ID).getObject(i).toString(),
                            (Integer) root.getVector(RegionSchema.WIDTH).getObject(i),
                            (Integer) root.getVector(RegionSchema.HEIGHT).getObject(i),
                            matrix((ListVector) root.getVector(RegionSchema.BOXES), i),
                            matrix((ListVector) root.getVector(RegionSchema.FEATURES), i),
                            ib == null || ib.isNull(i) ? null : floats(ib.getObject(i))));
                }
            }
        }
        return out;
    }

    private static float[] matrix(ListVector v, int row) {
        List<?> rows = v.getObject(row);
        List<Float> flat = new ArrayList<>();
        for (Object r : rows) {
            for (Object x : (List<?>) r) {
                flat.add((Float) x);
            }
        }
        return floats(flat);
    }

    private static float[] floats(List<?> values) {
        float[] f = new float[values.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = (Float) values.get(i);
        }
        return f;
    }

    @Test
    void writesTheRegionSchemaWithTransformedBoxFeaturesAndReportsBadImages() throws IOException {
        Path imgs = images();
        ExtractionJob.Report r = job(imgs, new BoxEcho(100), true, 2).run(quiet());
        assertEquals(5, r.total());
        assertEquals(3, r.extracted());
        assertEquals(List.of("junk", "missing"), r.bad().stream().map(ExtractionJob.BadImage::imageId).toList());
        assertTrue(r.bad().get(1).reason().contains("no image file for id 'missing'"), r.bad().get(1).reason());
        assertFalse(Files.exists(dir.resolve("regions.arrow.parts")), "parts removed after the merge");
        List<String> badLines = Files.readAllLines(dir.resolve("regions.arrow.bad.tsv"));
        assertEquals(2, badLines.size());
        assertTrue(badLines.get(0).startsWith("junk\t" + imgs.resolve("junk.png")), badLines.get(0));

        List<Row> rows = read(dir.resolve("regions.arrow"));
        assertEquals(List.of("a", "b", "c"), rows.stream().map(Row::id).toList());
        Row a = rows.get(0);
        assertEquals(10, a.w());
        assertEquals(8, a.h());
        assertArrayEquals(new float[] {0, 0, 4, 4, 2, 1, 9, 7}, a.boxes(), "boxes stay in original pixels");
        // 10x8 -> 25x20 (scale 2.5); features echo the resized boxes
        assertArrayEquals(new float[] {0, 0, 10, 10, 5, 2.5f, 22.5f, 17.5f}, a.features());
        assertArrayEquals(new float[] {0, 0, 22.5f, 17.5f}, a.imageBox(), "whole image [0, 0, w-1, h-1] resized");
        Row c = rows.get(2);
        assertEquals(0, c.boxes().length);
        assertArrayEquals(new float[] {0, 0, 19, 19}, c.imageBox());

        Map<String, String> meta = RegionArrowReader.schema(dir.resolve("regions.arrow")).getCustomMetadata();
        assertEquals("regions", meta.get("vlbert.schema"));
        assertEquals("1", meta.get("vlbert.schema_version"));
        assertEquals("4", meta.get("vlbert.feature_dim"));
        assertEquals("float32", meta.get("vlbert.feature_type"));
    }

    @Test
    void interruptedRunResumesWithoutRedoingFinishedImages() throws IOException {
        Path imgs = images();
        BoxEcho failing = new BoxEcho(1);
        assertThrows(IllegalStateException.class, () -> job(imgs, failing, true, 1).run(quiet()));
        Path parts = dir.resolve("regions.arrow.parts");
        assertEquals(List.of("a"), RegionArrowReader.imageIds(parts.resolve("shard-000000.arrow")));
        assertFalse(Files.exists(dir.resolve("regions.arrow")));

        BoxEcho rest = new BoxEcho(100);
        ExtractionJob.Report r = job(imgs, rest, true, 1).run(quiet());
        assertEquals(2, rest.calls, "only b and c are computed again");
        assertEquals(2, r.extracted());
        assertEquals(2, r.resumed(), "a and the bad image junk were done");
        assertEquals(List.of("a", "b", "c"), read(dir.resolve("regions.arrow")).stream().map(Row::id).toList());

        // A finished output is kept and extended; images that were bad are tried again (they may be fixed).
        BoxEcho none = new BoxEcho(100);
        ExtractionJob.Report again = job(imgs, none, true, 1).run(quiet());
        assertEquals(0, none.calls);
        assertEquals(3, again.resumed());
        assertEquals(2, again.bad().size());
        assertEquals(List.of("a", "b", "c"), read(dir.resolve("regions.arrow")).stream().map(Row::id).toList());
    }

    @Test
    void resumingWithOtherSettingsIsRefused() throws IOException {
        Path imgs = images();
        assertThrows(IllegalStateException.class, () -> job(imgs, new BoxEcho(1), true, 1).run(quiet()));
        VlbertException e = assertThrows(VlbertException.class, () -> job(imgs, new BoxEcho(100), false, 1).run(quiet()));
        assertTrue(e.getMessage().contains("other settings"), e.getMessage());
    }

    @Test
    void imageBoxFeatureCanBeLeftOut() throws IOException {
        job(images(), new BoxEcho(100), false, 8).run(quiet());
        List<Row> rows = read(dir.resolve("regions.arrow"));
        assertNull(rows.get(0).imageBox());
        assertFalse(RegionArrowReader.schema(dir.resolve("regions.arrow")).getFields().stream()
                .anyMatch(f -> f.getName().equals(RegionSchema.IMAGE_BOX_FEATURE)));
    }

    @Test
    void invalidBoxesMakeTheImageBad() throws IOException {
        Path imgs = images();
        ExtractionJob j = new ExtractionJob(new ExtractionJob.Settings(imgs,
                List.of(new ImageBoxes("a", null, new float[] {5, 0, 1, 4})), dir.resolve("r.arrow"), true, 4, Map.of()),
                SCALE_TO_20, new BoxEcho(100), m -> { });
        ExtractionJob.Report r = j.run(quiet());
        assertEquals(1, r.bad().size());
        assertTrue(r.bad().get(0).reason().contains("x1 <= x2"), r.bad().get(0).reason());
    }
}
