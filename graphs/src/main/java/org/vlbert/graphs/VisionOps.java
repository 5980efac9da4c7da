package org.vlbert.graphs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vlbert.graphs.ir.Dim;
import org.vlbert.graphs.ir.Node;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.tensor.DType;

/**
 * Image ops on NCHW tensors (2-D spatial): convolution, pooling and RoIAlign, with their
 * symbolic output shapes. Spatial sizes of symbolic images become derived symbols such as
 * {@code height/s2k7p3d1}; stride-1 "same" windows keep the input's dim so that residual
 * branches have equal shapes.
 */
public final class VisionOps {
    private VisionOps() {}

    /** Window geometry of a 2-D conv or pool: per spatial axis kernel, stride, pads (begin, end), dilation. */
    public record Window(long[] kernel, long[] strides, long[] pads, long[] dilations) {
        /** A square window with symmetric padding. */
        public static Window square(long kernel, long stride, long pad, long dilation) {
            return new Window(new long[] {kernel, kernel}, new long[] {stride, stride},
                    new long[] {pad, pad, pad, pad}, new long[] {dilation, dilation});
        }

        /** Reads the window of a Conv/ConvTranspose/MaxPool/AveragePool node (ONNX defaults filled in). */
        public static Window of(Node n, long[] kernel) {
            long[] s = n.attrLongs("strides");
            long[] p = n.attrLongs("pads");
            long[] d = n.attrLongs("dilations");
            return new Window(kernel, s != null ? s : new long[] {1, 1}, p != null ? p : new long[] {0, 0, 0, 0},
                    d != null ? d : new long[] {1, 1});
        }

        /** Output size along spatial axis {@code i} (0 = H, 1 = W) for an input of size {@code in}. */
        public Dim outDim(int i, Dim in) {
            long k = kernel[i];
            long s = strides[i];
            long pb = pads[i];
            long pe = pads[i + 2];
            long d = dilations[i];
            long span = d * (k - 1) + 1;
            if (in.isFixed()) {
                long n = (in.size() + pb + pe - span) / s + 1;
                if (n <= 0) {
                    throw new IllegalArgumentException("window " + this + " does not fit an input of size " + in);
                }
                return Dim.of(n);
            }
            if (s == 1 && pb + pe == span - 1) {
                return in;
            }
            return Dim.sym(in.symbol() + "/s" + s + "k" + k + "p" + pb + "_" + pe + "d" + d);
        }

        Map<String, Object> attrs() {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("strides", strides.clone());
            a.put("pads", pads.clone());
            a.put("dilations", dilations.clone());
            return a;
        }

        /** Pooling attributes: strides, pads and kernel_shape (pools take no dilations here). */
        Map<String, Object> poolAttrs() {
            Map<String, Object> a = attrs();
            a.remove("dilations");
            a.put("kernel_shape", kernel.clone());
            return a;
        }

        @Override
        public String toString() {
            return "k" + java.util.Arrays.toString(kernel) + " s" + java.util.Arrays.toString(strides) + " p"
                    + java.util.Arrays.toString(pads) + " d" + java.util.Arrays.toString(dilations);
        }
    }

    /** Shape of a pooled/convolved NCHW tensor with {@code channels} output channels. */
    public static Shape outShape(Shape in, Dim channels, Window w) {
        return Shape.of(in.get(0), channels, w.outDim(0, in.get(2)), w.outDim(1, in.get(3)));
    }

    /**
     * Conv (group 1) of x [N, Ci, H, W] with weight [Co, Ci, kh, kw] and an optional bias [Co]
     * (null for none).
     */
    public static Value conv(GraphBuilder b, Value x, Value weight, Value bias, long stride, long pad, long dilation) {
        requireRank4("Conv", x);
        Shape ws = weight.shape();
        if (ws.rank() != 4 || !ws.isFixed()) {
            throw new IllegalArgumentException("Conv weight must be a fixed [Co, Ci, kh, kw] tensor, got " + weight);
        }
        long[] k = {ws.get(2).size(), ws.get(3).size()};
        Window w = new Window(k, new long[] {stride, stride}, new long[] {pad, pad, pad, pad},
                new long[] {dilation, dilation});
        Map<String, Object> attrs = w.attrs();
        attrs.put("kernel_shape", k);
        attrs.put("group", 1L);
        List<Value> in = new ArrayList<>(List.of(x, weight));
        if (bias != null) {
            in.add(bias);
        }
        return b.op("Conv", in, attrs, x.dtype(), outShape(x.shape(), ws.get(0), w));
    }

    /** Max pooling; returns the node: output 0 = values, output 1 = int64 flat indices (for the gradient). */
    public static Node maxPool(GraphBuilder b, Value x, long kernel, long stride, long pad) {
        requireRank4("MaxPool", x);
        Window w = Window.square(kernel, stride, pad, 1);
        Shape out = outShape(x.shape(), x.shape().get(1), w);
        return b.node("MaxPool", "", List.of(x), w.poolAttrs(), List.of(x.dtype(), DType.INT64), List.of(out, out));
    }

    /** Average pooling without padding (PyTorch AvgPool2d(kernel, stride)). */
    public static Value averagePool(GraphBuilder b, Value x, long kernel, long stride) {
        requireRank4("AveragePool", x);
        Window w = Window.square(kernel, stride, 0, 1);
        return b.op("AveragePool", List.of(x), w.poolAttrs(), x.dtype(), outShape(x.shape(), x.shape().get(1), w));
    }

    /** Mean over H and W, keeping them as size 1. */
    public static Value globalAveragePool(GraphBuilder b, Value x) {
        requireRank4("GlobalAveragePool", x);
        Shape s = x.shape();
        return b.op("GlobalAveragePool", List.of(x), Map.of(), x.dtype(),
                Shape.of(s.get(0), s.get(1), Dim.of(1), Dim.of(1)));
    }

    /** RoIAlign coordinate conventions (ONNX {@code coordinate_transformation_mode}). */
    public enum RoiCoordinates {
        /** Legacy Detectron/maskrcnn-benchmark (aligned=False): no -0.5 shift, RoI size at least 1. */
        LEGACY("output_half_pixel"),
        /** torchvision aligned=True: coordinates shifted by -0.5, no minimum size. */
        HALF_PIXEL("half_pixel");

        private final String onnxName;

        RoiCoordinates(String onnxName) {
            this.onnxName = onnxName;
        }

        public String onnxName() {
            return onnxName;
        }
    }

    /**
     * ONNX RoiAlign-16 (average mode): features [N, C, H, W], rois [K, 4] as (x1, y1, x2, y2) in
     * input-image pixels, batch indices [K] int64; output [K, C, outH, outW].
     */
    public static Value roiAlign(GraphBuilder b, Value features, Value rois, Value batchIndices, long outH, long outW,
                                 float spatialScale, long samplingRatio, RoiCoordinates coordinates) {
        requireRank4("RoiAlign", features);
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("coordinate_transformation_mode", coordinates.onnxName());
        attrs.put("mode", "avg");
        attrs.put("output_height", outH);
        attrs.put("output_width", outW);
        attrs.put("sampling_ratio", samplingRatio);
        attrs.put("spatial_scale", spatialScale);
        Shape out = Shape.of(rois.shape().get(0), features.shape().get(1), Dim.of(outH), Dim.of(outW));
        return b.op("RoiAlign", List.of(features, rois, b.cast(batchIndices, DType.INT64)), attrs, features.dtype(), out);
    }

    private static void requireRank4(String op, Value x) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException(op + " expects an NCHW tensor, got " + x);
        }
    }
}
