package org.vlbert.graphs.autodiff;

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

    /** Gather along axis 0 (embedding lookup): scatter-add the rows of dY into a zero table. */
    private static List<Value> gather(GradContext c, Node n, List<Value> g) {
        GraphBuilder b = c.b();
        Value data = n.input(0);
        Value idx = n.input(1);
        int axis = (int) n.attrLong("axis", 0);
        if (axis != 0) {
            throw new UnsupportedOperationException("Gather gradient supports axis 0 only (node " + n.name() + ")");
        }
        Value dy = g.get(0);
        Shape rowShape = data.shape().sub(1, data.rank());
        Dim rowSize = rowShape.product();
        if (!rowSize.isFixed()) {
            throw new UnsupportedOperationException("Gather gradient needs fixed row dims, got " + data.shape());
        }
        long width = rowSize.size();
        Dim count = idx.shape().product();
        Value flatIdx = b.reshape(idx, Shape.of(count, Dim.of(1)), b.longs(-1, 1));
        Value flatIdx64 = b.cast(flatIdx, DType.INT64);
        Value rows = b.reshape(dy, Shape.of(count, Dim.of(width)), b.longs(-1, width));
        Value expandedIdx = b.expand(flatIdx64, rows.shape(), b.shapeOf(rows));
        Value tableShape = data.shape().get(0).isFixed()
                ? b.longs(data.shape().get(0).size(), width)
                : b.concat(0, b.shapeOf(data, 0, 1), b.longs(width));
        Value table = b.constantOfShape(tableShape, Shape.of(data.shape().get(0), Dim.of(width)), 0f);
        Value sum = b.scatterElementsAdd(table, expandedIdx, rows, 0);
        Value dData = data.rank() == 2 ? sum : b.reshape(sum, data.shape(), c.shapeTensor(data));
        return Arrays.asList(dData, null);
    }
}
