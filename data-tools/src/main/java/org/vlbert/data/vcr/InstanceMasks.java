package org.vlbert.data.vcr;

/**
 * The reference's {@code generate_instance_mask} (tasks.md §2.2 step 7): an object's polygons
 * rasterised into a {@code size × size} grid over its box. Each point maps to
 * {@code u = (x - x1) · size / (x2 - x1 + 1)}, {@code v = (y - y1) · size / (y2 - y1 + 1)} (float32),
 * clamped to [0, size-1]; a cell (row, col) is set when the point (col, row) is inside a polygon by
 * the even-odd crossing test that scikit-image's {@code draw.polygon} applies to the integer cells
 * of the polygon's bounding box. Polygons are OR-ed.
 */
public final class InstanceMasks {
    private InstanceMasks() {}

    /**
     * @param polygons flat {@code x0, y0, x1, y1, ...} point lists in original pixels
     * @param box      the object's x1, y1, x2, y2 in original pixels
     * @return {@code size × size} values 0/1, row-major
     */
    public static float[] rasterise(float[][] polygons, float[] box, int size) {
        float[] mask = new float[size * size];
        float wRatio = (float) (size / ((double) box[2] - box[0] + 1));
        float hRatio = (float) (size / ((double) box[3] - box[1] + 1));
        for (float[] poly : polygons) {
            int n = poly.length / 2;
            if (n == 0) {
                continue;
            }
            double[] cols = new double[n];
            double[] rows = new double[n];
            for (int k = 0; k < n; k++) {
                cols[k] = clamp((poly[2 * k] - box[0]) * wRatio, size - 1);
                rows[k] = clamp((poly[2 * k + 1] - box[1]) * hRatio, size - 1);
            }
            fill(mask, size, rows, cols);
        }
        return mask;
    }

    private static float clamp(float v, float max) {
        return Math.min(Math.max(v, 0f), max);
    }

    private static void fill(float[] mask, int size, double[] rows, double[] cols) {
        int minR = (int) Math.max(0, min(rows));
        int maxR = (int) Math.ceil(max(rows));
        int minC = (int) Math.max(0, min(cols));
        int maxC = (int) Math.ceil(max(cols));
        for (int r = minR; r <= Math.min(maxR, size - 1); r++) {
            for (int c = minC; c <= Math.min(maxC, size - 1); c++) {
                if (inside(cols, rows, c, r)) {
                    mask[r * size + c] = 1f;
                }
            }
        }
    }

    /** The classic even-odd crossing test (x = column, y = row). */
    static boolean inside(double[] xs, double[] ys, double x, double y) {
        boolean in = false;
        int j = xs.length - 1;
        for (int i = 0; i < xs.length; i++) {
            boolean crosses = (ys[i] <= y && y < ys[j]) || (ys[j] <= y && y < ys[i]);
            if (crosses && x < (xs[j] - xs[i]) * (y - ys[i]) / (ys[j] - ys[i]) + xs[i]) {
                in = !in;
            }
            j = i;
        }
        return in;
    }

    private static double min(double[] v) {
        double m = v[0];
        for (double x : v) {
            m = Math.min(m, x);
        }
        return m;
    }

    private static double max(double[] v) {
        double m = v[0];
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }
}
