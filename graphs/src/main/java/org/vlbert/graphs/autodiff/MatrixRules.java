package org.vlbert.graphs.autodiff;

import java.util.Arrays;
import java.util.List;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Dim;
import org.vlbert.graphs.ir.Node;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;

/** Gradients of MatMul (batched, broadcasting) and Gemm. */
final class MatrixRules {
    private MatrixRules() {}

    static void registerAll(VjpRegistry r) {
        r.register("MatMul", MatrixRules::matmul);
        r.register("Gemm", MatrixRules::gemm);
    }

    private static Value swapLast(GraphBuilder b, Value x) {
        int r = x.rank();
        int[] perm = GraphBuilder.axesBelow(r);
        perm[r - 2] = r - 1;
        perm[r - 1] = r - 2;
        return b.transpose(x, perm);
    }

    /** Y = A @ B: dA = dY @ B^T, dB = A^T @ dY, summed over broadcast batch dims. */
    private static List<Value> matmul(GradContext c, Node n, List<Value> g) {
        GraphBuilder b = c.b();
        Value a = n.input(0);
        Value w = n.input(1);
        Value dy = g.get(0);
        Value da = null;
        Value dw = null;
        if (c.needs(a)) {
            da = w.rank() == 2 && dy.rank() == 2
                    ? b.gemm(dy, w, null, false, true, 1f, 0f)
                    : c.unbroadcast(b.matmul(dy, swapLast(b, w)), a);
        }
        if (c.needs(w)) {
            if (w.rank() == 2) {
                // Shared 2-D weight: flatten every batch dim of A and dY into rows, one Gemm.
                Dim k = a.shape().get(-1);
                Dim m = dy.shape().get(-1);
                Value a2 = a.rank() == 2 ? a
                        : b.reshape(a, Shape.of(a.shape().sub(0, a.rank() - 1).product(), k), b.longs(-1, k.size()));
                Value dy2 = dy.rank() == 2 ? dy
                        : b.reshape(dy, Shape.of(dy.shape().sub(0, dy.rank() - 1).product(), m), b.longs(-1, m.size()));
                dw = b.gemm(a2, dy2, null, true, false, 1f, 0f);
            } else {
                dw = c.unbroadcast(b.matmul(swapLast(b, a), dy), w);
            }
        }
        return Arrays.asList(da, dw);
    }

    /** Y = alpha op(A) op(B) + beta C. */
    private static List<Value> gemm(GradContext c, Node n, List<Value> g) {
        GraphBuilder b = c.b();
        Value a = n.input(0);
        Value w = n.input(1);
        Value bias = n.input(2);
        boolean ta = n.attrLong("transA", 0) != 0;
        boolean tb = n.attrLong("transB", 0) != 0;
        float alpha = n.attrFloat("alpha", 1f);
        float beta = n.attrFloat("beta", 1f);
        Value dy = g.get(0);
        Value da = null;
        Value dw = null;
        Value dc = null;
        if (c.needs(a)) {
            da = ta ? b.gemm(w, dy, null, tb, true, alpha, 0f)      // dA = op(B) dY^T (as A^T was used)
                    : b.gemm(dy, w, null, false, !tb, alpha, 0f);   // dA = dY op(B)^T
        }
        if (c.needs(w)) {
            dw = tb ? b.gemm(dy, a, null, true, ta, alpha, 0f)      // dB = dY^T op(A)
                    : b.gemm(a, dy, null, !ta, false, alpha, 0f);   // dB = op(A)^T dY
        }
        if (bias != null && c.needs(bias)) {
            Value scaled = beta == 1f ? dy : b.mul(dy, beta);
            dc = c.unbroadcast(scaled, bias);
        }
        return Arrays.asList(da, dw, dc);
    }
}
