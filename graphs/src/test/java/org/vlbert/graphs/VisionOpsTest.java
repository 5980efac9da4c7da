package org.vlbert.graphs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.onnx.OnnxEmitter;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.graphs.testutil.GradCheck;
import org.vlbert.graphs.testutil.OnnxChecker;
import org.vlbert.graphs.testutil.OrtRunner;
import org.vlbert.graphs.testutil.VisionReference;
import org.vlbert.graphs.testutil.VisionReference.T;

/**
 * The image ops as ONNX Runtime runs them, against the double-precision formulas of the
 * reference (model.md §6.4). In particular ONNX RoiAlign-16 with
 * {@code coordinate_transformation_mode=output_half_pixel}, {@code sampling_ratio=1} equals the
 * legacy maskrcnn-benchmark RoIAlign: no -0.5 shift, RoI size clamped to at least 1, samples
 * beyond [-1, H] give 0, the last row/column absorbs samples at or past H-1.
 */
class VisionOpsTest {
    private static Map<String, HostTensor> run(GraphBuilder b, Map<String, HostTensor> feeds) {
        var model = new OnnxEmitter(b.graph()).emit();
        OnnxChecker.check(model);
        try (OrtRunner ort = new OrtRunner(model, 2)) {
            return ort.run(feeds);
        }
    }

    @Test
    void convMatchesTheReferenceForStridePaddingAndDilation() {
        HostTensor x = GradCheck.random(1, 1f, 2, 3, 11, 9);
        HostTensor w = GradCheck.random(2, 1f, 4, 3, 3, 3);
        int[][] cases = {{1, 1, 1}, {2, 1, 1}, {1, 2, 2}, {2, 3, 1}, {2, 0, 1}};
        for (int[] c : cases) {
            GraphBuilder b = new GraphBuilder();
            Value xi = b.input("x", DType.FLOAT, Shape.of(2, 3, "height", "width"));
            Value wi = b.input("w", DType.FLOAT, Shape.fixed(4, 3, 3, 3));
            b.output("y", VisionOps.conv(b, xi, wi, null, c[0], c[1], c[2]));
            float[] y = run(b, Map.of("x", x, "w", w)).get("y").toFloatArray();
            T ref = VisionReference.conv(T.of(x), T.of(w), c[0], c[1], c[2]);
            assertEquals(ref.data().length, y.length, "size for stride/pad/dilation " + java.util.Arrays.toString(c));
            assertTrue(VisionReference.maxAbsDiff(ref, y) < 1e-5, "conv " + java.util.Arrays.toString(c));
        }
    }

    @Test
    void poolsMatchTheReference() {
        HostTensor x = GradCheck.random(3, 1f, 2, 3, 9, 8);
        GraphBuilder b = new GraphBuilder();
        Value xi = b.input("x", DType.FLOAT, Shape.of("batch", 3, "height", "width"));
        b.output("max", VisionOps.maxPool(b, xi, 3, 2, 1).output(0));
        b.output("avg", VisionOps.averagePool(b, xi, 3, 1));
        b.output("gavg", VisionOps.globalAveragePool(b, xi));
        Map<String, HostTensor> out = run(b, Map.of("x", x));
        assertTrue(VisionReference.maxAbsDiff(VisionReference.maxPool(T.of(x), 3, 2, 1), out.get("max").toFloatArray()) == 0);
        assertTrue(VisionReference.maxAbsDiff(VisionReference.avgPool(T.of(x), 3, 1), out.get("avg").toFloatArray()) < 1e-6);
        assertArrayEquals(new long[] {2, 3, 1, 1}, out.get("gavg").shape());
        double[] means = new double[6];
        float[] xv = x.toFloatArray();
        for (int i = 0; i < xv.length; i++) {
            means[i / 72] += xv[i] / 72.0;
        }
        assertTrue(VisionReference.maxAbsDiff(new T(new long[] {6}, means), out.get("gavg").toFloatArray()) < 1e-6);
    }

    /** RoIs (batch, x1, y1, x2, y2) in image pixels for a 2-image batch with 5×7 feature maps at scale 1/4. */
    static final double[][] ROIS = {
        {0, 1.5, 2.25, 17.75, 13.5},      // ordinary box
        {1, 0, 0, 27, 19},                 // whole image (legacy: x2 = W-1)
        {1, 10.2, 3.3, 11.1, 4.0},        // smaller than one feature cell: size clamped to 1
        {0, -6.5, -7.25, 9.0, 5.0},       // starts above/left of the map: samples in [-1, 0) clamp, < -1 vanish
        {1, 20.0, 12.0, 40.0, 30.0},      // runs past the bottom/right: last row/column absorbs, > H vanish
        {0, 26.9, 18.9, 27.9, 19.9},      // a sliver at the far corner
    };

    @Test
    void onnxRoiAlignInLegacyModeEqualsTheReferenceFormula() {
        HostTensor f = GradCheck.random(4, 1f, 2, 3, 5, 7);
        float[] rois = new float[ROIS.length * 4];
        long[] idx = new long[ROIS.length];
        for (int k = 0; k < ROIS.length; k++) {
            idx[k] = (long) ROIS[k][0];
            for (int j = 0; j < 4; j++) {
                rois[k * 4 + j] = (float) ROIS[k][j + 1];
            }
        }
        double[][] asFloat = new double[ROIS.length][5];
        for (int k = 0; k < ROIS.length; k++) {
            asFloat[k][0] = idx[k];
            for (int j = 0; j < 4; j++) {
                asFloat[k][j + 1] = rois[k * 4 + j];
            }
        }
        for (int ratio : new int[] {1, 2}) {
            GraphBuilder b = new GraphBuilder();
            Value fi = b.input("f", DType.FLOAT, Shape.of("batch", 3, "fh", "fw"));
            Value ri = b.input("rois", DType.FLOAT, Shape.of("k", 4));
            Value bi = b.input("idx", DType.INT64, Shape.of("k"));
            b.output("y", VisionOps.roiAlign(b, fi, ri, bi, 14, 14, 0.25f, ratio, VisionOps.RoiCoordinates.LEGACY));
            Map<String, HostTensor> feeds = new LinkedHashMap<>();
            feeds.put("f", f);
            feeds.put("rois", HostTensor.ofFloats(new long[] {ROIS.length, 4}, rois));
            feeds.put("idx", HostTensor.ofLongs(new long[] {ROIS.length}, idx));
            float[] y = run(b, feeds).get("y").toFloatArray();
            T ref = VisionReference.roiAlign(T.of(f), asFloat, 14, 14, 0.25, ratio);
            assertTrue(VisionReference.maxAbsDiff(ref, y) < 2e-6, "sampling ratio " + ratio + ": max |diff| "
                    + VisionReference.maxAbsDiff(ref, y));
            // The edge cases really exercise the zero rule: some outputs of the partly outside RoIs are 0.
            int cell = 3 * 14 * 14;
            assertEquals(0f, y[3 * cell], "first sample of RoI 3 lies below -1 and must be 0");
        }
    }

    @Test
    void symbolicSpatialDimsAreDerivedOnlyForStridedWindows() {
        GraphBuilder b = new GraphBuilder();
        Value x = b.input("x", DType.FLOAT, Shape.of("batch", 3, "height", "width"));
        Value w = b.input("w", DType.FLOAT, Shape.fixed(4, 3, 3, 3));
        Value same = VisionOps.conv(b, x, w, null, 1, 1, 1);
        Value dilated = VisionOps.conv(b, x, w, null, 1, 2, 2);
        Value strided = VisionOps.conv(b, x, w, null, 2, 1, 1);
        assertEquals(x.shape().get(2), same.shape().get(2));
        assertEquals(x.shape().get(3), dilated.shape().get(3));
        assertEquals("height/s2k3p1_1d1", strided.shape().get(2).symbol());
    }
}
