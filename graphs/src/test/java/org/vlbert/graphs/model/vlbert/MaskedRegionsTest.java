package org.vlbert.graphs.model.vlbert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.onnx.OnnxEmitter;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.graphs.testutil.OrtRunner;

/** mvrc_ops replacement of region features and linguistic embeddings, on hand-made tensors. */
class MaskedRegionsTest {
    private static final int ROW = 4 + (int) RegionFeatures.FEATURE_DIM;

    @Test
    void masksOnlyTheFeaturesOfRegionsWithOpOne() {
        GraphBuilder b = new GraphBuilder();
        Value boxes = b.input("boxes", DType.FLOAT, 2, 3, ROW);
        Value ops = b.input("ops", DType.INT64, 2, 3);
        Value maskVisual = b.input("mask_visual", DType.FLOAT, 1, RegionFeatures.FEATURE_DIM);
        b.output("out", MaskedRegions.replaceFeatures(b, boxes, ops, maskVisual));
        HostTensor boxesIn = HostTensor.allocate(DType.FLOAT, 2, 3, ROW);
        for (int i = 0; i < boxesIn.numel(); i++) {
            boxesIn.floatView().put(i, i * 0.25f);
        }
        HostTensor embedding = HostTensor.allocate(DType.FLOAT, 1, RegionFeatures.FEATURE_DIM);
        for (int i = 0; i < embedding.numel(); i++) {
            embedding.floatView().put(i, -1000f - i);
        }
        // Sample 0 masks region 1, sample 1 masks region 0; region 2 of sample 1 is kept (op 0).
        HostTensor opsIn = HostTensor.ofLongs(new long[] {2, 3}, 0, 1, 0, 1, 0, 0);
        float[] out = run(b, Map.of("boxes", boxesIn, "ops", opsIn, "mask_visual", embedding)).get("out")
                .toFloatArray();

        float[] in = boxesIn.toFloatArray();
        for (int region = 0; region < 6; region++) {
            boolean masked = region == 1 || region == 3;
            for (int c = 0; c < ROW; c++) {
                int at = region * ROW + c;
                float expected = masked && c >= 4 ? -1000f - (c - 4) : in[at];
                assertEquals(expected, out[at], "region " + region + " column " + c);
            }
        }
    }

    @Test
    void swapsTheLinguisticEmbeddingOfMaskedRegions() {
        GraphBuilder b = new GraphBuilder();
        Value ops = b.input("ops", DType.INT64, "batch", "boxes");
        Value table = b.input("table", DType.FLOAT, 1, 2);
        Value maskWord = b.input("mask_word", DType.FLOAT, 1, 2);
        b.output("with_mvrc", MaskedRegions.linguistic(b, ops, table, maskWord));
        b.output("without_mvrc", MaskedRegions.linguistic(b, ops, table, null));
        Map<String, HostTensor> out = run(b, Map.of(
                "ops", HostTensor.ofLongs(new long[] {2, 3}, 0, 1, 0, 0, 0, 1),
                "table", HostTensor.ofFloats(new long[] {1, 2}, 1f, 2f),
                "mask_word", HostTensor.ofFloats(new long[] {1, 2}, -5f, -6f)));
        assertArrayEquals(new long[] {2, 3, 2}, out.get("with_mvrc").shape());
        assertArrayEquals(new float[] {1, 2, -5, -6, 1, 2, 1, 2, 1, 2, -5, -6}, out.get("with_mvrc").toFloatArray());
        assertArrayEquals(new float[] {1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2}, out.get("without_mvrc").toFloatArray());
    }

    private static Map<String, HostTensor> run(GraphBuilder b, Map<String, HostTensor> feeds) {
        try (OrtRunner ort = new OrtRunner(new OnnxEmitter(b.graph()).emit(), 1)) {
            return ort.run(feeds);
        }
    }
}
