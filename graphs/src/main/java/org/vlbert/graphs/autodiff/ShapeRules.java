package org.vlbert.graphs.autodiff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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
    }

    /** Reshape/Squeeze/Unsqueeze: the gradient takes the input's shape back. */
    private static List<Value> restoreShape(GradContext c, Node n, List<Value> g) {
        Value x = n.input(0);
        return Arrays.asList(c.b().reshape(g.get(0), x.shape(), c.shapeTensor(x)), null);
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

    /** Slice with constant starts/ends/axes and step 1: zero-pad the gradient back. */
    private static List<Value> slice(GradContext c, Node n, List<Value> g) {
        GraphBuilder b = c.b();
        Value x = n.input(0);
        long[] starts = constantLongs(b, n.input(1), n);
        long[] axes = n.input(3) != null ? constantLongs(b, n.input(3), n) : null;
        long[] steps = n.input(4) != null ? constantLongs(b, n.input(4), n) : null;
        if (starts.length != 1 || (steps != null && steps[0] != 1)) {
            throw new UnsupportedOperationException("Slice gradient supports one axis with step 1 (node " + n.name() + ")");
        }
        int axis = axes == null ? 0 : (int) axes[0];
        axis = x.shape().normAxis(axis);
        Value dy = g.get(0);
        Dim n0 = x.shape().get(axis);
        Dim len = dy.shape().get(axis);
        int r = x.rank();
        Value pads;
        if (n0.isFixed() && len.isFixed()) {
            long s = starts[0] < 0 ? starts[0] + n0.size() : Math.min(starts[0], n0.size());
            long[] p = new long[2 * r];
            p[axis] = s;
            p[r + axis] = n0.size() - s - len.size();
            pads = b.longs(p);
        } else {
            if (starts[0] < 0) {
                throw new UnsupportedOperationException("Slice gradient with a negative start on a dynamic axis (node "
                        + n.name() + ")");
            }
            Value total = b.shapeOf(x, axis, axis + 1);
            Value got = b.shapeOf(dy, axis, axis + 1);
            Value before = b.longs(starts[0]);
            Value after = b.sub(b.sub(total, before), got);
            Value[] pieces = new Value[2 * r];
            for (int i = 0; i < 2 * r; i++) {
                pieces[i] = i == axis ? before : i == r + axis ? after : b.longs(0);
            }
            pads = b.concat(0, pieces);
        }
        return Arrays.asList(b.pad(dy, pads, x.shape()), null, null, null, null);
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
        long[] axes = n.input(1) != null ? constantLongs(b, n.input(1), n) : null;
        boolean keep = n.attrLong("keepdims", 1) != 0;
        Value gk = dy;
        if (!keep && axes != null && axes.length > 0) {
            int[] ax = Arrays.stream(axes).mapToInt(a -> (int) (a < 0 ? a + x.rank() : a)).toArray();
            gk = b.unsqueeze(dy, ax);
        } else if (!keep) {
            gk = b.reshape(dy, Shape.of(Collections.nCopies(x.rank(), Dim.of(1))),
                    b.longs(onesOfRank(x.rank())));
        }
        Value expanded = b.expand(gk, x.shape(), c.shapeTensor(x));
        if (mean) {
            Value ratio = b.div(b.cast(b.size(n.output(0)), x.dtype()), b.cast(b.size(x), x.dtype()));
            expanded = b.mul(expanded, ratio);
        }
        return Arrays.asList(expanded, null);
    }

    private static long[] onesOfRank(int r) {
        long[] o = new long[r];
        Arrays.fill(o, 1);
        return o;
    }
}
