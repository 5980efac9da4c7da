package org.vlbert.graphs.autodiff;

import java.util.Arrays;
import java.util.List;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.VisionOps.Window;
import org.vlbert.graphs.ir.Dim;
import org.vlbert.graphs.ir.Node;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.tensor.DType;

/**
 * Gradients of MaxPool, AveragePool and GlobalAveragePool (2-D, NCHW).
 *
 * <p>MaxPool routes each output gradient to the input element its Indices output names (ONNX
 * indices are flat over the whole N·C·H·W input), accumulated with ScatterElements(add) so that
 * overlapping windows that pick the same element add up. AveragePool (no padding) is a
 * depthwise conv with a constant 1/(kh·kw) kernel, so its gradient is the same transposed conv as
 * {@link ConvRules} uses, run per channel.
 */
final class PoolRules {
    private PoolRules() {}

    static void registerAll(VjpRegistry r) {
        r.register("MaxPool", PoolRules::maxPool);
        r.register("AveragePool", PoolRules::averagePool);
        r.register("GlobalAveragePool", PoolRules::globalAveragePool);
    }

    private static List<Value> maxPool(GradContext c, Node n, List<Value> g) {
        if (n.outputs().size() < 2) {
            throw new UnsupportedOperationException("MaxPool gradient needs the node's Indices output (node "
                    + n.name() + "); build it with VisionOps.maxPool");
        }
        if (g.size() > 1 && g.get(1) != null) {
            throw new UnsupportedOperationException("MaxPool Indices have no gradient (node " + n.name() + ")");
        }
        if (n.attrLong("storage_order", 0) != 0) {
            throw new UnsupportedOperationException("MaxPool gradient needs row-major indices (node " + n.name() + ")");
        }
        GraphBuilder b = c.b();
        Value x = n.input(0);
        Value flatZeros = flat(b, b.zerosLike(x));
        Value flatIdx = flat(b, n.output(1));
        Value flatDy = flat(b, g.get(0));
        Value summed = b.scatterElementsAdd(flatZeros, flatIdx, flatDy, 0);
        return List.of(b.reshape(summed, x.shape(), c.b().shapeTensor(x)));
    }

    private static Value flat(GraphBuilder b, Value v) {
        return b.reshape(v, Shape.of(v.shape().product()), b.longs(-1));
    }

    private static List<Value> averagePool(GradContext c, Node n, List<Value> g) {
        long[] pads = n.attrLongs("pads");
        boolean padded = pads != null && Arrays.stream(pads).anyMatch(p -> p != 0);
        if (padded || n.attrLong("ceil_mode", 0) != 0 || !"NOTSET".equals(n.attrString("auto_pad", "NOTSET"))) {
            throw new UnsupportedOperationException("AveragePool gradient supports unpadded pools with ceil_mode=0 (node "
                    + n.name() + ")");
        }
        long[] kernel = n.attrLongs("kernel_shape");
        if (kernel.length != 2) {
            throw new UnsupportedOperationException("AveragePool gradient supports 2-D pools (node " + n.name() + ")");
        }
        GraphBuilder b = c.b();
        Value x = n.input(0);
        Value dy = g.get(0);
        Window win = Window.of(n, kernel);
        // Per channel: fold channels into the batch, one input and one output channel.
        Shape xs = x.shape();
        Dim planes = xs.get(0).times(xs.get(1));
        Value dyPlanes = b.reshape(dy, Shape.of(planes, Dim.of(1), dy.shape().get(2), dy.shape().get(3)),
                b.concat(0, b.longs(-1, 1), b.shapeOf(dy, 2, 4)));
        Value weight = b.filled(1f / (kernel[0] * kernel[1]), 1, 1, kernel[0], kernel[1]);
        if (x.dtype() != DType.FLOAT) {
            weight = b.cast(weight, x.dtype());
        }
        Shape planeShape = Shape.of(planes, Dim.of(1), xs.get(2), xs.get(3));
        Value dxPlanes = ConvRules.inputGrad(b, dyPlanes, weight, ConvRules.spatialSize(c, x), planeShape, win);
        return List.of(b.reshape(dxPlanes, xs, c.b().shapeTensor(x)));
    }

    /** y = mean over H, W: dX = dY / (H·W) broadcast over H, W. */
    private static List<Value> globalAveragePool(GradContext c, Node n, List<Value> g) {
        GraphBuilder b = c.b();
        Value x = n.input(0);
        Value count;
        Shape s = x.shape();
        if (s.get(2).isFixed() && s.get(3).isFixed()) {
            count = b.scalarLike(x, s.get(2).size() * s.get(3).size());
        } else {
            Value hw = b.mul(b.shapeOf(x, 2, 3), b.shapeOf(x, 3, 4));
            count = b.cast(hw, x.dtype());
        }
        Value scaled = b.div(g.get(0), count);
        return List.of(b.expand(scaled, s, c.b().shapeTensor(x)));
    }
}
