package org.vlbert.graphs.autodiff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Dim;
import org.vlbert.graphs.ir.Node;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;

/** Gradients of shape/layout ops and reductions. */
final class ShapeRules {
    private ShapeRules() {}

    static void registerAll(VjpRegistry r) {
        r.register("Reshape", ShapeRules::restoreShape);
        r.register("Squeeze", ShapeRules::restoreShape);
        r.register("Unsqueeze", ShapeRules::restoreShape);
        r.register("Transpose", (c, n, g) -> {
            long[] perm = n.attrLongs("perm");
            if (perm == null) {
                // ONNX default: reverse the axes
                perm = new long[n.input(0).rank()];
                for (int i = 0; i < perm.length; i++) {
                    perm[i] = perm.length - 1 - i;
                }
            }
            int[] inv = new int[perm.length];
            for (int i = 0; i < perm.length; i++) {
                inv[(int) perm[i]] = i;
            }
            return List.of(c.b().transpose(g.get(0), inv));
        });
        r.register("Expand", (c, n, g) -> Arrays.asList(c.unbroadcast(g.get(0), n.input(0)), null));
        r.register("Concat", ShapeRules::concat);
        r.register("Split", ShapeRules::split);
        r.register("Slice", ShapeRules::slice);
        r.register("ReduceSum", (c, n, g) -> reduce(c, n, g.get(0), false));
        r.register("ReduceMean", (c, n, g) -> reduce(c, n, g.get(0), true));
        r.register("ReduceMax", ShapeRules::reduceMax);
        r.register("Pad", ShapeRules::pad);
    }

    /** Reshape/Squeeze/Unsqueeze: the gradient takes the input's shape back. */
    private static List<Value> restoreShape(GradContext c, Node n, List<Value> g) {
        Value x = n.input(0);
        return Arrays.asList(c.b().reshape(g.get(0), x.shape(), c.b().shapeTensor(x)), null);
    }

    private static List<Value> concat(GradContext c, Node n, List<Value> g) {
        GraphBuilder b = c.b();
        int axis = (int) n.attrLong("axis", 0);
        List<Value> parts = n.inputs();
        Value sizes = pieceSizes(c, parts, axis);
        List<Shape> shapes = new ArrayList<>();
        List<DType> types = new ArrayList<>();
        for (Value p : parts) {
            shapes.add(p.shape());
            types.add(g.get(0).dtype());
        }
        List<Value> pieces = b.node("Split", "", List.of(g.get(0), sizes), Map.of("axis", (long) axis),
                types, shapes).outputs();
        List<Value> out = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            out.add(c.needs(parts.get(i)) ? pieces.get(i) : null);
        }
        return out;
    }

    /** The sizes of each part along {@code axis}, constant when all are fixed. */
    private static Value pieceSizes(GradContext c, List<Value> parts, int axis) {
        GraphBuilder b = c.b();
        boolean fixed = parts.stream().allMatch(p -> p.shape().get(axis).isFixed());
        if (fixed) {
            long[] s = parts.stream().mapToLong(p -> p.shape().get(axis).size()).toArray();
            return b.longs(s);
        }
        Value[] dims = new Value[parts.size()];
        for (int i = 0; i < dims.length; i++) {
            Value p = parts.get(i);
            int ax = p.shape().normAxis(axis);
            dims[i] = p.shape().get(ax).isFixed() ? b.longs(p.shape().get(ax).size()) : b.shapeOf(p, ax, ax + 1);
        }
        return b.concat(0, dims);
    }

    private static List<Value> split(GradContext c, Node n, List<Value> g) {
        GraphBuilder b = c.b();
        int axis = (int) n.attrLong("axis", 0);
        Value[] parts = new Value[n.outputs().size()];
        for (int i = 0; i < parts.length; i++) {
            Value gi = g.get(i);
            parts[i] = gi != null ? gi : b.zerosLike(n.output(i));
        }
        return Arrays.asList(b.concat(axis, parts), null);
    }

    /**
     * Slice with constant starts and axes (any number of axes, step 1): zero-pad the gradient
     * back to the input's shape. The pad before each sliced axis is the clamped start; the pad
     * after is whatever remains. Fixed dims give constant pads; symbolic ones compute them from
     * the runtime shapes.
     */
    private static List<Value> slice(GradContext c, Node n, List<Value> g) {
        GraphBuilder b = c.b();
        Value x = n.input(0);
        Value dy = g.get(0);
        int r = x.rank();
        long[] starts = constantLongs(b, n.input(1), n);
        long[] axes = n.input(3) != null ? constantLongs(b, n.input(3), n) : range(starts.length);
        long[] steps = n.input(4) != null ? constantLongs(b, n.input(4), n) : ones(starts.length);
        Value[] before = new Value[r];
        Value[] after = new Value[r];
        long[] fixedPads = new long[2 * r];
        boolean allFixed = true;
        for (int i = 0; i < starts.length; i++) {
            if (steps[i] != 1) {
                throw new UnsupportedOperationException("Slice gradient supports step 1 only; node " + n.name()
                        + " has step " + steps[i] + " on axis " + axes[i]);
            }
            int ax = x.shape().normAxis((int) axes[i]);
            Dim total = x.shape().get(ax);
            Dim len = dy.shape().get(ax);
            if (total.isFixed() && len.isFixed()) {
                long s = clampStart(starts[i], total.size());
                fixedPads[ax] = s;
                fixedPads[r + ax] = total.size() - s - len.size();
            } else {
                allFixed = false;
                Value totalT = b.shapeOf(x, ax, ax + 1);
                Value lenT = b.shapeOf(dy, ax, ax + 1);
                before[ax] = runtimeStart(b, starts[i], totalT);
                after[ax] = b.sub(b.sub(totalT, before[ax]), lenT);
            }
        }
        Value pads;
        if (allFixed) {
            pads = b.longs(fixedPads);
        } else {
            Value[] pieces = new Value[2 * r];
            for (int i = 0; i < r; i++) {
                pieces[i] = before[i] != null ? before[i] : b.longs(fixedPads[i]);
                pieces[r + i] = after[i] != null ? after[i] : b.longs(fixedPads[r + i]);
            }
            pads = b.concat(0, pieces);
        }
        return Arrays.asList(b.pad(dy, pads, x.shape()), null, null, null, null);
    }

    /** numpy's clamping of a slice start into [0, size]. */
    private static long clampStart(long start, long size) {
        long s = start < 0 ? start + size : start;
        return Math.max(0, Math.min(s, size));
    }

    /** The clamped start as a [1] int64 tensor, for an axis whose size is only known at run time. */
    private static Value runtimeStart(GraphBuilder b, long start, Value total) {
        if (start >= 0) {
            return start == 0 ? b.longs(0) : b.min(b.longs(start), total);
        }
        return b.max(b.add(total, b.longs(start)), b.longs(0));
    }

    private static long[] range(int n) {
        long[] r = new long[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    private static long[] ones(int n) {
        long[] o = new long[n];
        Arrays.fill(o, 1);
        return o;
    }

    static long[] constantLongs(GraphBuilder b, Value v, Node n) {
        HostTensor t = b.graph().constants().get(v);
        if (t == null) {
            throw new UnsupportedOperationException("gradient of " + n.opType() + " needs constant " + v.name()
                    + " (node " + n.name() + ")");
        }
        return t.toLongArray();
    }

    /** ReduceSum/ReduceMean: broadcast the gradient back over the reduced axes. */
    private static List<Value> reduce(GradContext c, Node n, Value dy, boolean mean) {
        GraphBuilder b = c.b();
        Value x = n.input(0);
        Value expanded = expandToInput(c, n, dy);
        if (mean) {
            Value ratio = b.div(b.cast(b.size(n.output(0)), x.dtype()), b.cast(b.size(x), x.dtype()));
            expanded = b.mul(expanded, ratio);
        }
        return Arrays.asList(expanded, null);
    }

    /**
     * ReduceMax: the gradient goes to the elements equal to the maximum, split evenly between
     * ties (as the subgradient PyTorch's amax uses).
     */
    private static List<Value> reduceMax(GradContext c, Node n, List<Value> g) {
        GraphBuilder b = c.b();
        Value x = n.input(0);
        Value atMax = b.cast(b.equal(x, expandToInput(c, n, n.output(0))), x.dtype());
        List<Value> in = new ArrayList<>(n.inputs());
        in.set(0, atMax);
        Value ties = b.op("ReduceSum", in, n.attrs(), x.dtype(), n.output(0).shape());
        Value share = b.div(atMax, expandToInput(c, n, ties));
        return Arrays.asList(b.mul(expandToInput(c, n, g.get(0)), share), null);
    }

    /** A value shaped like a reduction's output, broadcast back to the reduced input's shape. */
    private static Value expandToInput(GradContext c, Node n, Value v) {
        GraphBuilder b = c.b();
        Value x = n.input(0);
        long[] axes = n.input(1) != null ? constantLongs(b, n.input(1), n) : null;
        boolean keep = n.attrLong("keepdims", 1) != 0;
        if ((axes == null || axes.length == 0) && n.attrLong("noop_with_empty_axes", 0) != 0) {
            return v;
        }
        Value vk = v;
        if (!keep && axes != null && axes.length > 0) {
            int[] ax = Arrays.stream(axes).mapToInt(a -> (int) (a < 0 ? a + x.rank() : a)).toArray();
            vk = b.unsqueeze(v, ax);
        } else if (!keep) {
            vk = b.reshape(v, Shape.ones(x.rank()), b.longs(ones(x.rank())));
        }
        return b.expand(vk, x.shape(), c.b().shapeTensor(x));
    }

    /** Constant-mode Pad: the gradient is dY with the padding cut off again (negative pads crop). */
    private static List<Value> pad(GradContext c, Node n, List<Value> g) {
        GraphBuilder b = c.b();
        if (!"constant".equals(n.attrString("mode", "constant"))) {
            throw new UnsupportedOperationException("Pad gradient supports mode=constant only (node " + n.name() + ")");
        }
        if (n.input(3) != null) {
            throw new UnsupportedOperationException("Pad gradient does not support the axes input (node "
                    + n.name() + ")");
        }
        Value pads = n.input(1);
        HostTensor known = b.graph().constants().get(pads);
        Value crop;
        if (known != null) {
            crop = b.longs(Arrays.stream(known.toLongArray()).map(p -> -p).toArray());
        } else {
            crop = b.neg(pads);
        }
        return Arrays.asList(b.pad(g.get(0), crop, n.input(0).shape()), null, null, null);
    }
}
