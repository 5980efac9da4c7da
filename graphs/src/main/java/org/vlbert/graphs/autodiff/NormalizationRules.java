package org.vlbert.graphs.autodiff;

import java.util.Arrays;
import java.util.List;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Node;
import org.vlbert.graphs.ir.Value;

/** Gradients of LayerNormalization, Softmax and LogSoftmax. */
final class NormalizationRules {
    private NormalizationRules() {}

    static void registerAll(VjpRegistry r) {
        r.register("LayerNormalization", NormalizationRules::layerNorm);
        r.register("Softmax", (c, n, g) -> {
            GraphBuilder b = c.b();
            int axis = (int) n.attrLong("axis", -1);
            Value y = n.output(0);
            Value dot = b.reduceSum(b.mul(g.get(0), y), true, axis);
            return List.of(b.mul(y, b.sub(g.get(0), dot)));
        });
        r.register("LogSoftmax", (c, n, g) -> {
            GraphBuilder b = c.b();
            int axis = (int) n.attrLong("axis", -1);
            Value total = b.reduceSum(g.get(0), true, axis);
            return List.of(b.sub(g.get(0), b.mul(b.exp(n.output(0)), total)));
        });
    }

    /**
     * LayerNormalization over the last axis, reusing the forward Mean and InvStdDev outputs:
     * dx = inv * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat)), dxhat = dy * gamma.
     */
    private static List<Value> layerNorm(GradContext c, Node n, List<Value> g) {
        if (g.size() > 1 && (g.get(1) != null || (g.size() > 2 && g.get(2) != null))) {
            throw new UnsupportedOperationException("gradient through LayerNormalization's Mean/InvStdDev outputs"
                    + " is not supported (node " + n.name() + ")");
        }
        if (n.attrLong("axis", -1) != -1 && n.attrLong("axis", -1) != n.input(0).rank() - 1) {
            throw new UnsupportedOperationException("LayerNormalization gradient supports the last axis only");
        }
        GraphBuilder b = c.b();
        Value x = n.input(0);
        Value gamma = n.input(1);
        Value beta = n.input(2);
        Value dy = g.get(0);
        // Mean/InvStdDev are float32 (stash_type 1) even for float16 or double x.
        Value mean = b.cast(n.output(1), x.dtype());
        Value inv = b.cast(n.output(2), x.dtype());
        Value xhat = b.mul(b.sub(x, mean), inv);
        int[] lead = GraphBuilder.axesBelow(x.rank() - 1);
        Value dx = null;
        if (c.needs(x)) {
            Value dxhat = b.mul(dy, gamma);
            Value m1 = b.reduceMean(dxhat, true, -1);
            Value m2 = b.reduceMean(b.mul(dxhat, xhat), true, -1);
            dx = b.mul(inv, b.sub(b.sub(dxhat, m1), b.mul(xhat, m2)));
        }
        Value dgamma = c.needs(gamma) ? sumLeading(b, b.mul(dy, xhat), lead) : null;
        Value dbeta = beta != null && c.needs(beta) ? sumLeading(b, dy, lead) : null;
        return Arrays.asList(dx, dgamma, dbeta);
    }

    private static Value sumLeading(GraphBuilder b, Value v, int[] lead) {
        return lead.length == 0 ? v : b.reduceSum(v, false, lead);
    }
}
