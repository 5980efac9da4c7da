package org.vlbert.graphs.autodiff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.VisionOps.Window;
import org.vlbert.graphs.ir.Dim;
import org.vlbert.graphs.ir.Node;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;

/**
 * Gradient of Conv (2-D, group 1, any stride, padding and dilation).
 *
 * <ul>
 *   <li>dX = ConvTranspose(dY, W) with the forward window. A strided forward conv drops up to
 *       stride-1 trailing input rows/columns, so the transposed conv is given
 *       {@code output_padding = stride - 1} and its result cropped to the input's runtime size
 *       (inputs of any image size share one graph).</li>
 *   <li>dW[:, :, i, j] = dY · X_ij summed over batch and positions, where X_ij is the padded input
 *       sliced at tap (i, j) with the forward stride: one Gemm per kernel tap over [C, N·P]
 *       matrices (a single Gemm for the 1×1 convs that dominate a ResNet).</li>
 *   <li>dB = dY summed over batch and positions.</li>
 * </ul>
 */
final class ConvRules {
    private ConvRules() {}

    static void registerAll(VjpRegistry r) {
        r.register("Conv", ConvRules::conv);
    }

    private static List<Value> conv(GradContext c, Node n, List<Value> g) {
        if (n.attrLong("group", 1) != 1) {
            throw new UnsupportedOperationException("Conv gradient supports group=1 only (node " + n.name() + ")");
        }
        if (!"NOTSET".equals(n.attrString("auto_pad", "NOTSET"))) {
            throw new UnsupportedOperationException("Conv gradient needs explicit pads, not auto_pad (node "
                    + n.name() + ")");
        }
        GraphBuilder b = c.b();
        Value x = n.input(0);
        Value w = n.input(1);
        Value bias = n.input(2);
        Value dy = g.get(0);
        if (x.rank() != 4 || !w.shape().isFixed()) {
            throw new UnsupportedOperationException("Conv gradient supports 2-D convolutions with fixed weights (node "
                    + n.name() + ")");
        }
        Window win = Window.of(n, new long[] {w.shape().get(2).size(), w.shape().get(3).size()});
        Value dx = c.needs(x) ? inputGrad(b, dy, w, spatialSize(c, x), x.shape(), win) : null;
        Value dw = c.needs(w) ? weightGrad(b, dy, x, win, w.shape()) : null;
        Value db = bias != null && c.needs(bias) ? b.reduceSum(dy, false, 0, 2, 3) : null;
        return Arrays.asList(dx, dw, db);
    }

    /** Runtime [H, W] of an NCHW value, or null when both are fixed. */
    static Value spatialSize(GradContext c, Value x) {
        return x.shape().get(2).isFixed() && x.shape().get(3).isFixed() ? null : c.b().shapeOf(x, 2, 4);
    }

    /**
     * The gradient of a conv's input: ConvTranspose(dy, w) with the forward window, cropped to
     * the input size ({@code inputHw}: runtime [H, W], or null when {@code inputShape} fixes them).
     */
    static Value inputGrad(GraphBuilder b, Value dy, Value w, Value inputHw, Shape inputShape, Window win) {
        long[] outPad = new long[2];
        boolean crop = false;
        for (int i = 0; i < 2; i++) {
            long s = win.strides()[i];
            Dim in = inputShape.get(2 + i);
            if (in.isFixed()) {
                long span = win.dilations()[i] * (win.kernel()[i] - 1) + 1;
                outPad[i] = (in.size() + win.pads()[i] + win.pads()[i + 2] - span) % s;
            } else {
                outPad[i] = s - 1;
                crop |= s > 1;
            }
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("kernel_shape", win.kernel().clone());
        attrs.put("strides", win.strides().clone());
        attrs.put("pads", win.pads().clone());
        attrs.put("dilations", win.dilations().clone());
        attrs.put("output_padding", outPad);
        attrs.put("group", 1L);
        Shape channels = inputShape.with(0, dy.shape().get(0));
        if (!crop) {
            return b.op("ConvTranspose", List.of(dy, w), attrs, dy.dtype(), channels);
        }
        Shape uncropped = channels.with(2, Dim.sym(channels.get(2) + "+pad")).with(3, Dim.sym(channels.get(3) + "+pad"));
        Value full = b.op("ConvTranspose", List.of(dy, w), attrs, dy.dtype(), uncropped);
        return b.op("Slice", List.of(full, b.longs(0, 0), inputHw, b.longs(2, 3)), Map.of(), dy.dtype(), channels);
    }

    /** dW [Co, Ci, kh, kw] from dY [N, Co, oh, ow] and the forward input X [N, Ci, H, W]. */
    static Value weightGrad(GraphBuilder b, Value dy, Value x, Window win, Shape weightShape) {
        long[] p = win.pads();
        boolean padded = Arrays.stream(p).anyMatch(v -> v != 0);
        Value xp = x;
        if (padded) {
            Shape ps = x.shape().with(2, Dim.sym(x.shape().get(2) + "+pads")).with(3, Dim.sym(x.shape().get(3) + "+pads"));
            xp = b.pad(x, b.longs(0, 0, p[0], p[1], 0, 0, p[2], p[3]), ps);
        }
        Value dyRows = channelRows(b, dy);                                       // [Co, N*P]
        Value extent = tapExtent(b, dy, win);                                    // s*(out-1)+1 per axis
        long kh = win.kernel()[0];
        long kw = win.kernel()[1];
        List<Value> taps = new ArrayList<>();
        for (long i = 0; i < kh; i++) {
            for (long j = 0; j < kw; j++) {
                Value tap = tap(b, xp, dy, win, extent, i, j, kh * kw == 1 && !padded);
                Value g = b.gemm(dyRows, channelRows(b, tap), null, false, true, 1f, 0f);   // [Co, Ci]
                taps.add(kh * kw == 1 ? g : b.unsqueeze(g, 2));
            }
        }
        Value stacked = taps.size() == 1 ? taps.get(0) : b.concat(2, taps.toArray(new Value[0]));
        return b.reshape(stacked, weightShape, b.longs(weightShape.toLongs()));
    }

    /** [N, C, h, w] -> [C, N*h*w] (channels as rows, every batch position as a column). */
    private static Value channelRows(GraphBuilder b, Value t) {
        Value cFirst = b.transpose(t, 1, 0, 2, 3);
        Shape s = t.shape();
        return b.reshape(cFirst, Shape.of(s.get(1), s.get(0).times(s.get(2)).times(s.get(3))),
                b.longs(s.get(1).size(), -1));
    }

    /** The number of input rows/columns one tap spans: stride*(out-1)+1, as a [2] int64 value. */
    private static Value tapExtent(GraphBuilder b, Value dy, Window win) {
        Shape s = dy.shape();
        long[] st = win.strides();
        if (s.get(2).isFixed() && s.get(3).isFixed()) {
            return b.longs(st[0] * (s.get(2).size() - 1) + 1, st[1] * (s.get(3).size() - 1) + 1);
        }
        Value outHw = b.shapeOf(dy, 2, 4);
        return b.add(b.mul(b.sub(outHw, b.longs(1, 1)), b.longs(st[0], st[1])), b.longs(1, 1));
    }

    /** The (padded) input positions that kernel tap (i, j) multiplies, [N, Ci, oh, ow]. */
    private static Value tap(GraphBuilder b, Value xp, Value dy, Window win, Value extent, long i, long j,
                             boolean identityIfUnstrided) {
        long[] st = win.strides();
        long[] d = win.dilations();
        Shape known = xp.shape().with(2, dy.shape().get(2)).with(3, dy.shape().get(3));
        if (identityIfUnstrided && st[0] == 1 && st[1] == 1) {
            return xp;
        }
        Value starts = b.longs(i * d[0], j * d[1]);
        Value ends = b.add(extent, starts);
        return b.op("Slice", List.of(xp, starts, ends, b.longs(2, 3), b.longs(st[0], st[1])), Map.of(),
                xp.dtype(), known);
    }
}
