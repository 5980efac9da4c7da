package org.vlbert.graphs.autodiff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Dim;
import org.vlbert.graphs.ir.Node;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.tensor.DType;

/**
 * Gradients of Gather, GatherElements and ScatterElements(add). Accumulation into repeated
 * indices uses ScatterElements(reduction=add): ORT's ScatterND(add) races with two or more
 * intra-op threads and gives wrong embedding gradients.
 */
final class IndexingRules {
    private IndexingRules() {}

    static void registerAll(VjpRegistry r) {
        r.register("Gather", IndexingRules::gather);
        r.register("GatherElements", (c, n, g) -> {
            GraphBuilder b = c.b();
            Value data = n.input(0);
            int axis = (int) n.attrLong("axis", 0);
            Value zeros = b.zerosLike(data);
            return Arrays.asList(b.scatterElementsAdd(zeros, n.input(1), g.get(0), axis), null);
        });
        r.register("ScatterElements", (c, n, g) -> {
            if (!"add".equals(n.attrString("reduction", "none"))) {
                throw new UnsupportedOperationException("ScatterElements gradient needs reduction=add (node "
                        + n.name() + ")");
            }
            GraphBuilder b = c.b();
            int axis = (int) n.attrLong("axis", 0);
            Value dData = c.needs(n.input(0)) ? g.get(0) : null;
            Value dUpd = c.needs(n.input(2)) ? b.gatherElements(g.get(0), n.input(1), axis) : null;
            return Arrays.asList(dData, null, dUpd);
        });
    }

    /**
     * Gather along any axis (axis 0 is the embedding lookup): flatten the indices to one axis of
     * length count, view dY as data's shape with that axis replaced by count, and scatter-add it
     * into a zero tensor of data's shape along the same axis.
     */
    private static List<Value> gather(GradContext c, Node n, List<Value> g) {
        GraphBuilder b = c.b();
        Value data = n.input(0);
        Value idx = n.input(1);
        int r = data.rank();
        int axis = data.shape().normAxis((int) n.attrLong("axis", 0));
        Dim count = idx.shape().product();
        Shape flatShape = data.shape().with(axis, count);
        Value rows = b.reshape(g.get(0), flatShape, flatTarget(c, data, axis));
        long[] idxTarget = new long[r];
        Arrays.fill(idxTarget, 1);
        idxTarget[axis] = -1;
        Value flatIdx = b.reshape(b.cast(idx, DType.INT64), Shape.ones(r).with(axis, count), b.longs(idxTarget));
        Value expandedIdx = b.expand(flatIdx, flatShape, b.shapeOf(rows));
        Value sum = b.scatterElementsAdd(b.zerosLike(data), expandedIdx, rows, axis);
        return Arrays.asList(sum, null);
    }

    /** data's shape with {@code axis} set to -1, as a reshape target (constant when fixed). */
    private static Value flatTarget(GradContext c, Value data, int axis) {
        GraphBuilder b = c.b();
        int r = data.rank();
        if (data.shape().without(axis).isFixed()) {
            long[] t = new long[r];
            for (int i = 0; i < r; i++) {
                t[i] = i == axis ? -1 : data.shape().get(i).size();
            }
            return b.longs(t);
        }
        List<Value> parts = new ArrayList<>();
        if (axis > 0) {
            parts.add(b.shapeOf(data, 0, axis));
        }
        parts.add(b.longs(-1));
        if (axis < r - 1) {
            parts.add(b.shapeOf(data, axis + 1, r));
        }
        return parts.size() == 1 ? parts.get(0) : b.concat(0, parts.toArray(new Value[0]));
    }
}
