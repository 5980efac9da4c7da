package org.vlbert.graphs.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.vlbert.graphs.testutil.GradCheck.random;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.ParamInit;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.onnx.OnnxEmitter;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.graphs.testutil.GradCheck;
import org.vlbert.graphs.testutil.OrtRunner;
import org.vlbert.graphs.testutil.Tensors;

/**
 * Finite-difference checks of Gather, GatherElements and ScatterElements(add), with repeated
 * indices everywhere. Float32 through ORT: eps = 1e-2, atol = 2e-3, rtol = 2e-2. The embedding
 * gradient is also compared with a Java reference at 2 intra-op threads (ORT's ScatterND(add)
 * races there; the rule must use ScatterElements(add)).
 */
class IndexingVjpTest {
    private static GradCheck check() {
        return new GradCheck().tolerance(1e-2, 2e-3, 2e-2);
    }

    @Test
    void gatherEmbeddingRowsWithRepeatedIds() {
        HostTensor ids = Tensors.longs(new long[] {2, 4}, 1, 3, 1, 0, 3, 3, 4, 1);
        check().input("ids", ids, Shape.of("batch", "seq"))
                .wrt("table", random(101, 1f, 6, 3))
                .check((b, in) -> b.mul(b.gather(in.get("table"), in.get("ids"), 0),
                        b.gather(in.get("table"), in.get("ids"), 0)));
    }

    @Test
    void gatherWithNegativeAndScalarIndices() {
        check().input("ids", Tensors.longs(new long[] {3}, -1, 0, -1))
                .wrt("table", random(102, 1f, 4, 2, 3))
                .check((b, in) -> b.gather(in.get("table"), in.get("ids"), 0));
        check().input("ids", Tensors.longs(new long[] {}, 2))
                .wrt("table", random(103, 1f, 4, 3))
                .check((b, in) -> b.gather(in.get("table"), in.get("ids"), 0));
    }

    @Test
    void gatherOnAnInnerAxis() {
        // x[:, ids, :] with repeated ids, and a CLS-style x[:, 0] with a scalar index.
        check().input("ids", Tensors.longs(new long[] {2, 2}, 2, 0, 2, 2))
                .wrt("x", random(104, 1f, 2, 3, 4), Shape.of("batch", 3, 4))
                .check((b, in) -> b.gather(in.get("x"), in.get("ids"), 1));
        check().input("ids", Tensors.longs(new long[] {}, 0))
                .wrt("x", random(105, 1f, 2, 3, 4), Shape.of("batch", "seq", 4))
                .check((b, in) -> b.gather(in.get("x"), in.get("ids"), 1));
        check().input("ids", Tensors.longs(new long[] {3}, 3, -1, 1))
                .wrt("x", random(106, 1f, 2, 3, 4))
                .check((b, in) -> b.gather(in.get("x"), in.get("ids"), -1));
    }

    @Test
    void gatherElementsWithRepeatedIndices() {
        HostTensor idx = Tensors.longs(new long[] {2, 3}, 0, 0, 3, 2, 2, 1);
        check().input("idx", idx).wrt("x", random(107, 1f, 2, 4))
                .check((b, in) -> b.gatherElements(in.get("x"), in.get("idx"), 1));
        check().input("idx", Tensors.longs(new long[] {1, 4}, 1, 0, 1, 1)).wrt("x", random(108, 1f, 2, 4))
                .check((b, in) -> b.gatherElements(in.get("x"), in.get("idx"), 0));
    }

    @Test
    void scatterElementsAddWithRespectToDataAndUpdates() {
        HostTensor idx = Tensors.longs(new long[] {2, 3}, 0, 0, 3, 2, 2, 1);
        check().input("idx", idx)
                .wrt("data", random(109, 1f, 2, 4))
                .wrt("upd", random(110, 1f, 2, 3))
                .check((b, in) -> {
                    Value s = b.scatterElementsAdd(in.get("data"), in.get("idx"), in.get("upd"), 1);
                    return b.mul(s, s);
                });
    }

    /**
     * Gradient of an embedding lookup with heavily repeated ids at 2 intra-op threads, compared
     * element by element with a Java reference: d table[v] = sum of dY rows whose id is v. The
     * shape is a token-type embedding (2 x 768, 416 ids): with ScatterND(add) instead of
     * ScatterElements(add), about half of such runs came out wrong on the 2-core test machine.
     */
    @Test
    void embeddingGradientIsRaceFreeWithTwoThreads() {
        int vocab = 2;
        int width = 768;
        int count = 416;
        Random rnd = new Random(111);
        long[] idv = new long[count];
        for (int i = 0; i < count; i++) {
            idv[i] = rnd.nextInt(vocab);
        }
        HostTensor ids = Tensors.longs(new long[] {8, count / 8}, idv);
        HostTensor dy = random(112, 1f, 8, count / 8, width);

        GraphBuilder b = new GraphBuilder();
        Value table = b.param("table", ParamInit.zeros(), vocab, width);
        Value idsIn = b.input("ids", DType.INT64, Shape.of("batch", "seq"));
        Value probe = b.input("dy", DType.FLOAT, Shape.of("batch", "seq", width));
        Value loss = b.sumAll(b.mul(b.gather(table, idsIn, 0), probe));
        Autodiff.Result res = new Autodiff(b).gradients(loss, List.of(table));
        b.output("grad", res.gradients().get(table));

        double[] ref = new double[vocab * width];
        float[] dyv = dy.toFloatArray();
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < width; j++) {
                ref[(int) idv[i] * width + j] += dyv[i * width + j];
            }
        }
        try (OrtRunner ort = new OrtRunner(new OnnxEmitter(b.graph()).emit(), 2)) {
            HostTensor tableValue = HostTensor.allocate(DType.FLOAT, vocab, width);
            for (int run = 0; run < 20; run++) {
                HostTensor grad = ort.run(Map.of("table", tableValue, "ids", ids, "dy", dy)).get("grad");
                assertArrayEquals(new long[] {vocab, width}, grad.shape());
                float[] got = grad.toFloatArray();
                for (int k = 0; k < got.length; k++) {
                    assertEquals(ref[k], got[k], 1e-3, "run " + run + ", element " + k);
                }
            }
        }
    }
}
