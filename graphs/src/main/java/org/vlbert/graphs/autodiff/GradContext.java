package org.vlbert.graphs.autodiff;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Dim;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;

/** What a {@link VjpRule} may use: the builder, which values need gradients, and helpers. */
public final class GradContext {
    private final GraphBuilder builder;
    private final Set<Value> needsGrad;

    GradContext(GraphBuilder builder, Set<Value> needsGrad) {
        this.builder = builder;
        this.needsGrad = needsGrad;
    }

    public GraphBuilder b() {
        return builder;
    }

    /** Whether the gradient of {@code v} is wanted (it depends on a differentiated value). */
    public boolean needs(Value v) {
        return v != null && needsGrad.contains(v);
    }

    /**
     * Sums a gradient of a broadcast result back to the shape of the operand {@code target}:
     * leading axes the operand lacks, and axes where it has size 1 and the gradient does not.
     * Two different symbolic sizes are taken to be equal (they were broadcast-compatible).
     */
    public Value unbroadcast(Value grad, Value target) {
        Shape gs = grad.shape();
        Shape ts = target.shape();
        if (gs.equals(ts)) {
            return grad;
        }
        int lead = gs.rank() - ts.rank();
        List<Integer> axes = new ArrayList<>();
        for (int i = 0; i < gs.rank(); i++) {
            if (i < lead) {
                axes.add(i);
            } else {
                Dim t = ts.get(i - lead);
                Dim g = gs.get(i);
                if (t.isOne() && !g.isOne()) {
                    axes.add(i);
                }
            }
        }
        Value r = grad;
        if (!axes.isEmpty()) {
            r = builder.reduceSum(grad, true, axes.stream().mapToInt(Integer::intValue).toArray());
        }
        if (lead > 0) {
            r = builder.reshape(r, ts, builder.shapeTensor(target));
        }
        return r;
    }
}
