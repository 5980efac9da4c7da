package org.vlbert.graphs.autodiff;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vlbert.graphs.testutil.GradCheck.random;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.VisionOps;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.graphs.testutil.GradCheck;

/**
 * Finite-difference checks of the Conv, MaxPool, AveragePool, GlobalAveragePool and RoiAlign
 * gradient rules (float32 through ORT, eps 1e-2, atol 2e-3, rtol 2e-2). Image sizes are declared
 * symbolic where the rule has a runtime path (cropping after a strided transposed conv), and
 * odd sizes make the forward windows drop trailing rows.
 */
class VisionVjpTest {
    private static GradCheck check() {
        return new GradCheck().tolerance(1e-2, 2e-3, 2e-2).maxElementsPerInput(30);
    }

    private static final Shape SYMBOLIC = Shape.of("batch", 3, "height", "width");

    private static GradCheck.Fn conv(int stride, int pad, int dilation) {
        return (b, in) -> VisionOps.conv(b, in.get("x"), in.get("w"), in.get("bias"), stride, pad, dilation);
    }

    @Test
    void conv3x3SamePaddingFixedShapes() {
        check().wrt("x", random(1, 1f, 2, 3, 6, 5)).wrt("w", random(2, 0.5f, 4, 3, 3, 3)).wrt("bias", random(3, 1f, 4))
                .check(conv(1, 1, 1));
    }

    @Test
    void conv3x3StrideTwoOnOddAndEvenSymbolicSizes() {
        check().wrt("x", random(4, 1f, 2, 3, 9, 8), SYMBOLIC).wrt("w", random(5, 0.5f, 4, 3, 3, 3))
                .wrt("bias", random(6, 1f, 4)).check(conv(2, 1, 1));
    }

    @Test
    void conv3x3StrideTwoOnFixedOddSize() {
        check().wrt("x", random(7, 1f, 1, 3, 7, 6)).wrt("w", random(8, 0.5f, 2, 3, 3, 3)).wrt("bias", random(9, 1f, 2))
                .check(conv(2, 1, 1));
    }

    @Test
    void dilatedConvOfTheRoiHead() {
        check().wrt("x", random(10, 1f, 2, 3, 7, 7), SYMBOLIC).wrt("w", random(11, 0.5f, 4, 3, 3, 3))
                .wrt("bias", random(12, 1f, 4)).check(conv(1, 2, 2));
    }

    @Test
    void stemConv7x7StrideTwo() {
        check().wrt("x", random(13, 1f, 1, 3, 11, 10), SYMBOLIC).wrt("w", random(14, 0.3f, 2, 3, 7, 7))
                .wrt("bias", random(15, 1f, 2)).check(conv(2, 3, 1));
    }

    @Test
    void pointwiseConvsWithAndWithoutStride() {
        check().wrt("x", random(16, 1f, 2, 3, 5, 7), SYMBOLIC).wrt("w", random(17, 0.5f, 4, 3, 1, 1))
                .wrt("bias", random(18, 1f, 4)).check(conv(1, 0, 1));
        check().wrt("x", random(19, 1f, 2, 3, 5, 7), SYMBOLIC).wrt("w", random(20, 0.5f, 4, 3, 1, 1))
                .wrt("bias", random(21, 1f, 4)).check(conv(2, 0, 1));
    }

    @Test
    void convWithoutBiasOnlyWeight() {
        check().input("x", random(22, 1f, 1, 3, 6, 6)).wrt("w", random(23, 0.5f, 2, 3, 3, 3))
                .check((b, in) -> VisionOps.conv(b, in.get("x"), in.get("w"), null, 1, 1, 1));
    }

    /** Distinct values at least 0.05 apart (no near-ties that a ±1e-2 step could swap), shuffled. */
    private static HostTensor distinct(long seed, long... shape) {
        int n = (int) HostTensor.numel(shape);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        HostTensor t = HostTensor.allocate(DType.FLOAT, shape);
        for (int i = 0; i < n; i++) {
            t.floatView().put(i, (order.get(i) - n / 2f) * 0.05f);
        }
        return t;
    }

    @Test
    void maxPoolRoutesToTheWinnersAndAddsOverlaps() {
        // 3x3 windows with stride 2 overlap: an element can win two windows.
        check().wrt("x", distinct(24, 2, 3, 9, 8), SYMBOLIC)
                .check((b, in) -> VisionOps.maxPool(b, in.get("x"), 3, 2, 1).output(0));
        check().wrt("x", distinct(25, 1, 2, 7, 7))
                .check((b, in) -> VisionOps.maxPool(b, in.get("x"), 3, 1, 1).output(0));
    }

    @Test
    void averagePools() {
        check().wrt("x", random(26, 1f, 2, 3, 7, 6), SYMBOLIC)
                .check((b, in) -> VisionOps.averagePool(b, in.get("x"), 3, 1));
        check().wrt("x", random(27, 1f, 2, 3, 7, 9), SYMBOLIC)
                .check((b, in) -> VisionOps.averagePool(b, in.get("x"), 2, 2));
        // The RoI head's AvgPool2d(14, stride 1) over a 14x14 map.
        check().wrt("x", random(28, 1f, 3, 2, 14, 14))
                .check((b, in) -> VisionOps.averagePool(b, in.get("x"), 14, 1));
        check().wrt("x", random(29, 1f, 2, 3, 5, 4), SYMBOLIC)
                .check((b, in) -> VisionOps.globalAveragePool(b, in.get("x")));
    }

    /** RoIs of VisionOpsTest (incl. boxes partly outside the map and smaller than one cell) on 5×7 maps at scale 1/4. */
    private static final float[] ROIS = {
        1.5f, 2.25f, 17.75f, 13.5f,
        0, 0, 27, 19,
        10.2f, 3.3f, 11.1f, 4.0f,
        -6.5f, -7.25f, 9.0f, 5.0f,
        20.0f, 12.0f, 40.0f, 30.0f,
        26.9f, 18.9f, 27.9f, 19.9f,
    };
    private static final long[] BATCH_IDX = {0, 1, 1, 0, 1, 0};

    private static GradCheck.Fn roiAlign(int ratio, VisionOps.RoiCoordinates coords) {
        return (b, in) -> VisionOps.roiAlign(b, in.get("f"), in.get("rois"), in.get("idx"), 14, 14, 0.25f, ratio, coords);
    }

    private static GradCheck roiCheck(long seed) {
        return check().maxElementsPerInput(60)
                .input("rois", HostTensor.ofFloats(new long[] {6, 4}, ROIS), Shape.of("k", 4))
                .input("idx", HostTensor.ofLongs(new long[] {6}, BATCH_IDX), Shape.of("k"))
                .wrt("f", random(seed, 1f, 2, 3, 5, 7), Shape.of("batch", 3, "fh", "fw"));
    }

    @Test
    void roiAlignLegacySamplingRatioOne() {
        roiCheck(30).check(roiAlign(1, VisionOps.RoiCoordinates.LEGACY));
    }

    @Test
    void roiAlignOtherRatiosAndHalfPixelMode() {
        roiCheck(31).check(roiAlign(2, VisionOps.RoiCoordinates.LEGACY));
        roiCheck(32).check(roiAlign(1, VisionOps.RoiCoordinates.HALF_PIXEL));
    }

    @Test
    void roiAlignRefusesGradientsForBoxesAndAdaptiveSampling() {
        GraphBuilder b = new GraphBuilder();
        Value f = b.input("f", DType.FLOAT, Shape.fixed(1, 2, 4, 4));
        Value rois = b.input("rois", DType.FLOAT, Shape.fixed(1, 4));
        Value idx = b.input("idx", DType.INT64, Shape.fixed(1));
        Value y = b.sumAll(VisionOps.roiAlign(b, f, rois, idx, 2, 2, 1f, 1, VisionOps.RoiCoordinates.LEGACY));
        var e = assertThrows(UnsupportedOperationException.class, () -> new Autodiff(b).gradients(y, List.of(rois)));
        assertTrue(e.getMessage().contains("RoI coordinates"), e.getMessage());
        GraphBuilder b2 = new GraphBuilder();
        Value f2 = b2.input("f", DType.FLOAT, Shape.fixed(1, 2, 4, 4));
        Value y2 = b2.sumAll(VisionOps.roiAlign(b2, f2, b2.input("rois", DType.FLOAT, Shape.fixed(1, 4)),
                b2.input("idx", DType.INT64, Shape.fixed(1)), 2, 2, 1f, 0, VisionOps.RoiCoordinates.LEGACY));
        var e2 = assertThrows(UnsupportedOperationException.class, () -> new Autodiff(b2).gradients(y2, List.of(f2)));
        assertTrue(e2.getMessage().contains("sampling_ratio"), e2.getMessage());
    }
}
