package org.vlbert.data.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.vlbert.data.DataException;
import org.vlbert.data.arrow.ArrowSink;
import org.vlbert.data.arrow.Columns;
import org.vlbert.data.load.Seeds;
import org.vlbert.data.schema.RegionSchema;
import org.vlbert.data.schema.SchemaMeta;

/**
 * The files every demo task reads: {@code vocab.txt} and {@code regions.arrow} (one row per scene,
 * keyed by the scene id; each object's feature encodes its attributes, its class scores — the
 * MVRC targets of pretraining — peak at its shape's class).
 */
final class DemoShared {
    static final String REGIONS = "regions.arrow";
    static final String VOCAB = "vocab.txt";

    private DemoShared() {}

    /** @return bytes written */
    static long write(Path dir, DemoScenes scenes, int featureDim, long seed) {
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(VOCAB), DemoVocabulary.lines(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DataException("cannot write to " + dir + " (" + e.getMessage() + ")", e);
        }
        return writeRegions(dir.resolve(REGIONS), scenes, featureDim, seed);
    }

    private static long writeRegions(Path file, DemoScenes scenes, int featureDim, long seed) {
        SplittableRandom features = new SplittableRandom(Seeds.mix(seed, 4));
        SplittableRandom scores = new SplittableRandom(Seeds.mix(seed, 5));
        int c = DemoWorld.SCORE_CLASSES;
        RegionSchema.Layout layout = new RegionSchema.Layout(featureDim, false, false, c, 0, false, false);
        try (ArrowSink sink = ArrowSink.create(file, RegionSchema.schema(layout,
                Map.of(SchemaMeta.WRITER, "vlbert data demo")))) {
            for (DemoWorld.Scene scene : scenes.all) {
                int n = scene.objects().size();
                float[] feats = new float[n * featureDim];
                float[] boxes = new float[n * 4];
                float[] classScores = new float[n * c];
                for (int k = 0; k < n; k++) {
                    DemoWorld.Obj o = scene.objects().get(k);
                    boxes[k * 4] = o.x1();
                    boxes[k * 4 + 1] = o.y1();
                    boxes[k * 4 + 2] = o.x2();
                    boxes[k * 4 + 3] = o.y2();
                    DemoWorld.feature(o, featureDim, features, feats, k * featureDim);
                    DemoWorld.classScores(o, scores, classScores, k * c);
                }
                VectorSchemaRoot root = sink.root();
                int row = sink.row();
                Columns.utf8(root.getVector(RegionSchema.IMAGE_ID), row, scene.imageId());
                Columns.int32(root.getVector(RegionSchema.WIDTH), row, scene.width());
                Columns.int32(root.getVector(RegionSchema.HEIGHT), row, scene.height());
                Columns.floatMatrix(root.getVector(RegionSchema.BOXES), row, boxes, n);
                Columns.floatMatrix(root.getVector(RegionSchema.FEATURES), row, feats, n);
                Columns.floatMatrix(root.getVector(RegionSchema.CLASS_SCORES), row, classScores, n);
                sink.endRow();
            }
            return sink.commit();
        }
    }
}
