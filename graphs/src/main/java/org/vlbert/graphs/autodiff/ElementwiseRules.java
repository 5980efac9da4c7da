package org.vlbert.graphs.autodiff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Node;
import org.vlbert.graphs.ir.Value;

/** Gradients of elementwise (broadcasting) arithmetic and activation functions. */
final class ElementwiseRules {
    private ElementwiseRules() {}

    private static final float SQRT_2_OVER_PI = (float) (2.0 / Math.sqrt(Math.PI));
    private static final float INV_SQRT_2 = (float) (1.0 / Math.sqrt(2.0));
    private static final float INV_SQRT_2PI = (float) (1.0 / Math.sqrt(2.0 * Math.PI));

    static void registerAll(VjpRegistry r) {
        r.register("Add", (c, n, g) -> binary(c, n, g.get(0), g.get(0)));
        r.register("Sub", (c, n, g) -> binary(c, n, g.get(0), c.needs(n.input(1)) ? c.b().neg(g.get(0)) : null));
        r.register("Mul", (c, n, g) -> {
            GraphBuilder b = c.b();
            Value dy = g.get(0);
            return binary(c, n,
                    c.needs(n.input(0)) ? b.mul(dy, n.input(1)) : null,
                    c.needs(n.input(1)) ? b.mul(dy, n.input(0)) : null);
        });
        r.register("Div", (c, n, g) -> {
            GraphBuilder b = c.b();
            Value dy = g.get(0);
            Value da = c.needs(n.input(0)) ? b.div(dy, n.input(1)) : null;
            // d(a/b)/db = -a/b^2 = -y/b
            Value db = c.needs(n.input(1)) ? b.neg(b.div(b.mul(dy, n.output(0)), n.input(1))) : null;
            return binary(c, n, da, db);
        });
        r.register("Sum", (c, n, g) -> {
            List<Value> out = new ArrayList<>();
            for (Value in : n.inputs()) {
                out.add(c.needs(in) ? c.unbroadcast(g.get(0), in) : null);
            }
            return out;
        });
        r.register("Neg", (c, n, g) -> List.of(c.b().neg(g.get(0))));
        r.register("Identity", (c, n, g) -> List.of(g.get(0)));
        r.register("Pow", ElementwiseRules::pow);
        r.register("Sqrt", (c, n, g) -> List.of(c.b().div(c.b().mul(g.get(0), 0.5f), n.output(0))));
        r.register("Reciprocal", (c, n, g) -> {
            Value y = n.output(0);
            return List.of(c.b().neg(c.b().mul(g.get(0), c.b().mul(y, y))));
        });
        r.register("Exp", (c, n, g) -> List.of(c.b().mul(g.get(0), n.output(0))));
        r.register("Log", (c, n, g) -> List.of(c.b().div(g.get(0), n.input(0))));
        r.register("Tanh", (c, n, g) -> {
            GraphBuilder b = c.b();
            Value y = n.output(0);
            return List.of(b.mul(g.get(0), b.sub(b.scalar(1f), b.mul(y, y))));
        });
        r.register("Erf", (c, n, g) -> {
            GraphBuilder b = c.b();
            Value x = n.input(0);
            Value deriv = b.mul(b.exp(b.neg(b.mul(x, x))), SQRT_2_OVER_PI);
            return List.of(b.mul(g.get(0), deriv));
        });
        r.register("Relu", (c, n, g) -> {
            GraphBuilder b = c.b();
            Value positive = b.greater(n.input(0), b.scalar(0f));
            return List.of(b.where(positive, g.get(0), b.scalar(0f)));
        });
        r.register("Sigmoid", (c, n, g) -> {
            GraphBuilder b = c.b();
            Value y = n.output(0);
            return List.of(b.mul(g.get(0), b.mul(y, b.sub(b.scalar(1f), y))));
        });
        r.register("Abs", (c, n, g) -> List.of(c.b().mul(g.get(0), c.b().sign(n.input(0)))));
        r.register("Softplus", (c, n, g) -> List.of(c.b().mul(g.get(0), c.b().sigmoid(n.input(0)))));
        r.register("Sin", (c, n, g) -> List.of(c.b().mul(g.get(0), c.b().cos(n.input(0)))));
        r.register("Cos", (c, n, g) -> List.of(c.b().neg(c.b().mul(g.get(0), c.b().sin(n.input(0))))));
        r.register("Gelu", ElementwiseRules::gelu);
        r.register("Cast", (c, n, g) -> {
            Value x = n.input(0);
            return Arrays.asList(x.dtype().isFloatingPoint() ? c.b().cast(g.get(0), x.dtype()) : null);
        });
        r.register("Where", (c, n, g) -> {
            GraphBuilder b = c.b();
            Value dy = g.get(0);
            Value zero = b.cast(b.scalar(0f), dy.dtype());
            Value da = c.needs(n.input(1)) ? c.unbroadcast(b.where(n.input(0), dy, zero), n.input(1)) : null;
            Value db = c.needs(n.input(2)) ? c.unbroadcast(b.where(n.input(0), zero, dy), n.input(2)) : null;
            return Arrays.asList(null, da, db);
        });
    }

    private static List<Value> binary(GradContext c, Node n, Value da, Value db) {
        return Arrays.asList(
                c.needs(n.input(0)) && da != null ? c.unbroadcast(da, n.input(0)) : null,
                c.needs(n.input(1)) && db != null ? c.unbroadcast(db, n.input(1)) : null);
    }

    /** Pow with a constant exponent: d x^k = k x^(k-1). */
    private static List<Value> pow(GradContext c, Node n, List<Value> g) {
        Value exponent = n.input(1);
        if (c.needs(exponent)) {
            throw new UnsupportedOperationException("Pow gradient w.r.t. the exponent is not supported (node "
                    + n.name() + "); use a constant exponent");
        }
        GraphBuilder b = c.b();
        Value x = n.input(0);
        Value km1 = b.sub(exponent, b.cast(b.scalar(1f), exponent.dtype()));
        Value deriv = b.mul(b.op("Pow", List.of(x, km1), Map.of(), x.dtype(), x.shape()), exponent);
        return Arrays.asList(c.unbroadcast(b.mul(g.get(0), deriv), x), null);
    }

    /** d/dx [x Φ(x)] = Φ(x) + x φ(x), the exact (erf) GELU. */
    private static List<Value> gelu(GradContext c, Node n, List<Value> g) {
        if (!"none".equals(n.attrString("approximate", "none"))) {
            throw new UnsupportedOperationException("only the exact (erf) Gelu has a gradient rule");
        }
        GraphBuilder b = c.b();
        Value x = n.input(0);
        Value cdf = b.mul(b.add(b.erf(b.mul(x, INV_SQRT_2)), 1f), 0.5f);
        Value pdf = b.mul(b.exp(b.mul(b.mul(x, x), -0.5f)), INV_SQRT_2PI);
        Value deriv = b.add(cdf, b.mul(x, pdf));
        return List.of(b.mul(g.get(0), deriv));
    }
}
