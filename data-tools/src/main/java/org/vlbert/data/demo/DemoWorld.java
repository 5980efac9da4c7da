package org.vlbert.data.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The synthetic scenes of the demo dataset: images of objects with a colour, a shape and a size at
 * a position. Each object's 2048-d "region feature" encodes its attributes as one-hot blocks plus
 * noise, so a model can answer questions only by attending to the right region's feature (and,
 * for left/right, its box).
 */
final class DemoWorld {
    static final List<String> COLORS = List.of("red", "green", "blue", "yellow", "purple", "gray", "brown", "cyan");
    static final List<String> SHAPES = List.of("cube", "sphere", "cone", "cylinder", "pyramid", "torus");
    static final List<String> SIZES = List.of("small", "large");
    /** The COCO class each shape stands for in the VCR demo (index = shape). */
    static final List<String> SHAPE_CLASSES = List.of("person", "dog", "car", "cup", "chair", "bottle");
    /** Width of the detector class scores: background, one class per shape, one spare. */
    static final int SCORE_CLASSES = SHAPES.size() + 2;
    static final int BLOCK = 64;
    private static final int SHAPE_OFFSET = COLORS.size() * BLOCK;
    private static final int SIZE_OFFSET = SHAPE_OFFSET + SHAPES.size() * BLOCK;

    record Obj(int color, int shape, int size, float x1, float y1, float x2, float y2) {
        float centerX() {
            return (x1 + x2) / 2;
        }
    }

    record Scene(String imageId, int width, int height, List<Obj> objects) {}

    private DemoWorld() {}

    static Scene scene(String imageId, int numObjects, SplittableRandom r) {
        int w = 480 + r.nextInt(321);
        int h = 360 + r.nextInt(281);
        List<Obj> objects = new ArrayList<>(numObjects);
        for (int i = 0; i < numObjects; i++) {
            int size = r.nextInt(SIZES.size());
            float half = size == 0 ? 15 + r.nextInt(20) : 45 + r.nextInt(40);
            float cx = half + r.nextInt(Math.max(1, (int) (w - 2 * half)));
            float cy = half + r.nextInt(Math.max(1, (int) (h - 2 * half)));
            objects.add(new Obj(r.nextInt(COLORS.size()), r.nextInt(SHAPES.size()), size,
                    Math.max(0, cx - half), Math.max(0, cy - half), Math.min(w - 1, cx + half), Math.min(h - 1, cy + half)));
        }
        return new Scene(imageId, w, h, objects);
    }

    /** Non-negative features (like pooled ReLU activations): attribute blocks near 1, noise elsewhere. */
    static void feature(Obj o, int dim, SplittableRandom r, float[] out, int offset) {
        for (int j = 0; j < dim; j++) {
            out[offset + j] = (float) Math.max(0, 0.1 * r.nextGaussian());
        }
        setBlock(out, offset, o.color() * BLOCK, dim, r);
        setBlock(out, offset, SHAPE_OFFSET + o.shape() * BLOCK, dim, r);
        setBlock(out, offset, SIZE_OFFSET + o.size() * BLOCK, dim, r);
    }

    /**
     * A detector-like class-score row summing to 1: 0.55–0.9 on the object's shape class
     * (1 + shape), the rest spread at random over the other classes.
     */
    static void classScores(Obj o, SplittableRandom r, float[] out, int offset) {
        int c = SCORE_CLASSES;
        double top = 0.55 + 0.35 * r.nextDouble();
        double[] w = new double[c];
        double sum = 0;
        for (int j = 0; j < c; j++) {
            w[j] = j == o.shape() + 1 ? 0 : r.nextDouble();
            sum += w[j];
        }
        for (int j = 0; j < c; j++) {
            out[offset + j] = (float) (j == o.shape() + 1 ? top : (1 - top) * w[j] / sum);
        }
    }

    private static void setBlock(float[] out, int offset, int start, int dim, SplittableRandom r) {
        for (int j = start; j < Math.min(dim, start + BLOCK); j++) {
            out[offset + j] = (float) (1.0 + 0.2 * r.nextGaussian());
        }
    }
}
