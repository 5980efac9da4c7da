package org.vlbert.graphs.autodiff;

import java.util.Arrays;
import java.util.List;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Dim;
import org.vlbert.graphs.ir.Node;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * Gradient of RoiAlign (average mode, fixed sampling ratio) with respect to the feature map.
 *
 * <p>RoIAlign is linear in the features, and its bilinear sampling factorises: a sample at (y, x)
 * weighs row {@code yl} by {@code hy} and row {@code yh} by {@code ly} independently of the column
 * weights, and the out-of-map rule ({@code y < -1 || y > H || x < -1 || x > W} gives 0) is a
 * product of a row and a column condition. So each RoI k is {@code Y_k = A_k · F_b · B_kᵀ} per
 * channel, with A_k [outH, H] and B_k [outW, W] holding the averaged bilinear weights of the
 * sample rows and columns. The gradient is {@code dF_b = Σ_{k of image b} A_kᵀ · dY_k · B_k}: two
 * MatMuls, no scatter (ONNX has no RoiAlign gradient op, and ORT's ScatterND(add) races).
 *
 * <p>The weights follow ONNX RoiAlign / the legacy Caffe2 kernel exactly: start = x1·scale
 * (−0.5 in half_pixel mode), size = max(x2·scale − start, 1) (no minimum in half_pixel mode),
 * sample = start + p·bin + (i + 0.5)·bin/ratio, clamp below at 0, the last row/column absorbs
 * samples at or beyond H−1.
 */
final class RoiAlignRules {
    private RoiAlignRules() {}

    static void registerAll(VjpRegistry r) {
        r.register("RoiAlign", RoiAlignRules::roiAlign);
    }

    private static List<Value> roiAlign(GradContext c, Node n, List<Value> g) {
        if (c.needs(n.input(1))) {
            throw new UnsupportedOperationException("RoiAlign has no gradient with respect to the RoI coordinates (node "
                    + n.name() + "); feed boxes as data");
        }
        if (!"avg".equals(n.attrString("mode", "avg"))) {
            throw new UnsupportedOperationException("RoiAlign gradient supports mode=avg only (node " + n.name() + ")");
        }
        long ratio = n.attrLong("sampling_ratio", 0);
        if (ratio <= 0) {
            throw new UnsupportedOperationException("RoiAlign gradient needs a fixed sampling_ratio > 0 (node "
                    + n.name() + "); the adaptive ratio varies per RoI");
        }
        boolean halfPixel = "half_pixel".equals(n.attrString("coordinate_transformation_mode", "half_pixel"));
        long outH = n.attrLong("output_height", 1);
        long outW = n.attrLong("output_width", 1);
        float scale = n.attrFloat("spatial_scale", 1f);

        GraphBuilder b = c.b();
        Value x = n.input(0);
        Value rois = n.input(1);
        Value batchIdx = n.input(2);
        if (x.dtype() != DType.FLOAT || rois.dtype() != DType.FLOAT) {
            throw new UnsupportedOperationException("RoiAlign gradient is built for float32 (node " + n.name() + ")");
        }
        Value dy = g.get(0);                                                       // [K, C, outH, outW]

        Value[] corner = new Value[4];
        for (int i = 0; i < 4; i++) {
            Value v = b.mul(b.slice(rois, 1, i, i + 1), scale);                    // [K, 1]
            corner[i] = halfPixel ? b.sub(v, b.scalar(0.5f)) : v;
        }
        Shape xs = x.shape();
        Value colWeights = axisWeights(b, corner[0], corner[2], outW, ratio, halfPixel, b.shapeOf(x, 3, 4), xs.get(3));
        Value rowWeights = axisWeights(b, corner[1], corner[3], outH, ratio, halfPixel, b.shapeOf(x, 2, 3), xs.get(2));

        // U_k = dY_k · B_k : [K, C, outH, W]
        Dim k = rois.shape().get(0);
        Dim ch = xs.get(1);
        Value u = b.matmul(dy, b.unsqueeze(colWeights, 1));
        // Rows of all RoIs side by side: V [C, K*outH, W]
        Value v = b.reshape(b.transpose(u, 1, 0, 2, 3), Shape.of(ch, k.times(Dim.of(outH)), xs.get(3)),
                b.concat(0, b.longs(ch.size(), -1), b.shapeOf(x, 3, 4)));
        // A stacked per image, zero for RoIs of other images: [N, 1, H, K*outH]
        Value images = range(b, b.shapeOf(x, 0, 1), xs.get(0));
        Value ofImage = b.cast(b.equal(b.unsqueeze(images, 1), b.unsqueeze(b.cast(batchIdx, DType.INT64), 0)),
                DType.FLOAT);                                                      // [N, K]
        Value rowsT = b.unsqueeze(b.transpose(rowWeights, 2, 0, 1), 0);            // [1, H, K, outH]
        Value masked = b.mul(rowsT, b.unsqueeze(ofImage, 1, 3));                  // [N, H, K, outH]
        Value stacked = b.reshape(masked, Shape.of(xs.get(0), xs.get(2), k.times(Dim.of(outH))),
                b.concat(0, b.shapeOf(masked, 0, 2), b.longs(-1)));
        Value dx = b.matmul(b.unsqueeze(stacked, 1), b.unsqueeze(v, 0));          // [N, C, H, W]
        return Arrays.asList(b.reshape(dx, xs, c.b().shapeTensor(x)), null, null);
    }

    /**
     * The averaged bilinear weights of one axis, [K, out, size]: row p holds, for each feature
     * row/column, the weight the RoI's output cell p gives it.
     *
     * @param start   [K, 1] scaled RoI start (shift already applied)
     * @param end     [K, 1] scaled RoI end
     * @param sizeVec [1] int64 runtime size of the feature axis
     */
    private static Value axisWeights(GraphBuilder b, Value start, Value end, long out, long ratio, boolean halfPixel,
                                     Value sizeVec, Dim sizeDim) {
        Value extent = b.sub(end, start);
        if (!halfPixel) {
            extent = b.max(extent, b.scalar(1f));
        }
        Value bin = b.div(extent, b.scalar((float) out));                         // [K, 1]
        long samples = out * ratio;
        float[] cell = new float[(int) samples];
        float[] frac = new float[(int) samples];
        for (int p = 0; p < out; p++) {
            for (int i = 0; i < ratio; i++) {
                cell[(int) (p * ratio + i)] = p;
                frac[(int) (p * ratio + i)] = i + 0.5f;
            }
        }
        Value cells = b.constant("roi_cells", HostTensor.ofFloats(new long[] {1, samples}, cell));
        Value fracs = b.constant("roi_fracs", HostTensor.ofFloats(new long[] {1, samples}, frac));
        // Same operation order as the kernel: (start + p*bin) + (i + 0.5)*bin/ratio
        Value pos = b.add(b.add(start, b.mul(cells, bin)), b.div(b.mul(fracs, bin), b.scalar((float) ratio)));

        Value size = b.cast(sizeVec, DType.FLOAT);                                 // [1]
        Value last = b.sub(size, b.scalar(1f));
        Value outside = b.or(b.less(pos, b.scalar(-1f)), b.greater(pos, size));
        Value clamped = b.max(pos, b.scalar(0f));
        Value low = b.op("Floor", List.of(clamped), java.util.Map.of(), DType.FLOAT, clamped.shape());
        Value atEdge = b.greaterOrEqual(low, last);
        Value lowIdx = b.where(atEdge, last, low);
        Value highIdx = b.where(atEdge, last, b.add(low, b.scalar(1f)));
        // At the edge the kernel sets y = yl = yh; both taps then hit the same row, whose weights
        // (1 - l) + l add up to the kernel's 1 whatever l is.
        Value frac1 = b.sub(clamped, lowIdx);                                      // l
        Value keep = b.cast(b.not(outside), DType.FLOAT);
        Value highW = b.mul(frac1, keep);
        Value lowW = b.mul(b.sub(b.scalar(1f), frac1), keep);

        Value grid = b.cast(range(b, sizeVec, sizeDim), DType.FLOAT);                 // [size]
        Value onLow = b.cast(b.equal(grid, b.unsqueeze(lowIdx, 2)), DType.FLOAT);   // [K, S, size]
        Value onHigh = b.cast(b.equal(grid, b.unsqueeze(highIdx, 2)), DType.FLOAT);
        Value w = b.add(b.mul(onLow, b.unsqueeze(lowW, 2)), b.mul(onHigh, b.unsqueeze(highW, 2)));
        if (ratio == 1) {
            return w;
        }
        Dim k = start.shape().get(0);
        Value grouped = b.reshape(w, Shape.of(k, Dim.of(out), Dim.of(ratio), sizeDim),
                b.concat(0, b.longs(-1, out, ratio), sizeVec));
        return b.div(b.reduceSum(grouped, false, 2), b.scalar((float) ratio));
    }

    /**
     * [0, 1, ..., n-1] for a runtime [1] int64 {@code n}. Unlike {@link GraphBuilder#range} this
     * does not register {@code n} as the source of {@code dim}: the sizes here are only known
     * after the backbone ran, and the dims graph must stay cheap.
     */
    private static Value range(GraphBuilder b, Value n, Dim dim) {
        return b.op("Range", List.of(b.longScalar(0), b.squeeze(n, 0), b.longScalar(1)), java.util.Map.of(),
                DType.INT64, Shape.of(dim));
    }
}
