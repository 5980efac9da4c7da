package org.vlbert.graphs.autodiff;

import static org.vlbert.graphs.testutil.GradCheck.random;

import org.junit.jupiter.api.Test;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.testutil.GradCheck;

/**
 * Finite-difference checks of MatMul (2-D, batched, broadcast) and Gemm (every transpose
 * combination, alpha/beta, bias layouts). Float32 through ORT: eps = 1e-2, atol = 2e-3,
 * rtol = 2e-2 (both ops are bilinear, so the central difference is exact up to rounding).
 */
class MatrixVjpTest {
    private static GradCheck check() {
        return new GradCheck().tolerance(1e-2, 2e-3, 2e-2);
    }

    private static void matmul(long[] as, Shape aDecl, long[] bs, Shape bDecl) {
        check().wrt("a", random(41, 1f, as), aDecl == null ? Shape.fixed(as) : aDecl)
                .wrt("b", random(42, 1f, bs), bDecl == null ? Shape.fixed(bs) : bDecl)
                .check((b, in) -> b.matmul(in.get("a"), in.get("b")));
    }

    @Test
    void matmul2d() {
        matmul(new long[] {3, 4}, null, new long[] {4, 5}, null);
    }

    @Test
    void matmulBatched4dLikeAttention() {
        // scores = Q K^T per (batch, head): [2,3,4,5] x [2,3,5,4]
        matmul(new long[] {2, 3, 4, 5}, null, new long[] {2, 3, 5, 4}, null);
    }

    @Test
    void matmul3dInputWith2dWeight() {
        matmul(new long[] {2, 3, 4}, null, new long[] {4, 5}, null);
        matmul(new long[] {2, 3, 4}, Shape.of("batch", "seq", 4), new long[] {4, 5}, null);
    }

    @Test
    void matmul2dLeftWith3dRight() {
        matmul(new long[] {3, 4}, null, new long[] {2, 4, 5}, null);
    }

    @Test
    void matmulBatchBroadcast() {
        // [1,h,m,k] x [b,h,k,n]: the left operand is shared across the batch.
        matmul(new long[] {1, 2, 3, 4}, null, new long[] {3, 2, 4, 5}, null);
        // and the other way round, with the batch axis symbolic.
        matmul(new long[] {3, 2, 3, 4}, Shape.of("batch", 2, 3, 4), new long[] {1, 2, 4, 5}, null);
        // rank mismatch in the batch dims: [2,3,4] x [5,1,4,2]
        matmul(new long[] {2, 3, 4}, null, new long[] {5, 1, 4, 2}, null);
    }

    private static void gemm(boolean ta, boolean tb, float alpha, float beta, long[] biasShape) {
        long m = 3;
        long k = 4;
        long n = 5;
        GradCheck c = check()
                .wrt("a", random(43, 1f, ta ? new long[] {k, m} : new long[] {m, k}))
                .wrt("w", random(44, 1f, tb ? new long[] {n, k} : new long[] {k, n}));
        if (biasShape != null) {
            c.wrt("bias", random(45, 1f, biasShape));
        }
        c.check((b, in) -> b.gemm(in.get("a"), in.get("w"), biasShape == null ? null : in.get("bias"),
                ta, tb, alpha, beta));
    }

    @Test
    void gemmAllTransposeCombinations() {
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                gemm(ta, tb, 1f, 1f, new long[] {5});
                gemm(ta, tb, 0.7f, -1.3f, new long[] {3, 5});
            }
        }
    }

    @Test
    void gemmBiasLayouts() {
        gemm(false, true, 1.5f, 0.5f, new long[] {5});
        gemm(false, true, 1.5f, 0.5f, new long[] {1, 5});
        gemm(false, true, 1.5f, 0.5f, new long[] {3, 5});
        gemm(false, true, 1.5f, 0.5f, new long[] {3, 1});
        gemm(true, false, 2f, 1f, null);
    }

    @Test
    void linearOver3dInput() {
        check().wrt("x", random(46, 1f, 2, 3, 4), Shape.of("batch", "seq", 4))
                .wrt("w", random(47, 1f, 5, 4))
                .wrt("bias", random(48, 1f, 5))
                .check((b, in) -> b.linear(in.get("x"), in.get("w"), in.get("bias")));
    }
}
