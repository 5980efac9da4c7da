package org.vlbert.graphs.model.vlbert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.onnx.OnnxEmitter;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.graphs.testutil.OrtRunner;

/** RefCOCO+ text assembly and predicted-box selection on hand-made inputs. */
class RefcocoIndexingTest {
    @Test
    void expressionGetsClsAndSepRightAfterItsLastToken() {
        GraphBuilder b = new GraphBuilder();
        Value e = b.input("expression", DType.INT64, "batch", "expression_len");
        b.output("ids", RefcocoModel.expressionText(b, e, 101, 102));
        try (OrtRunner ort = new OrtRunner(new OnnxEmitter(b.graph()).emit(), 1)) {
            HostTensor ids = ort.run(Map.of("expression",
                    HostTensor.ofLongs(new long[] {3, 4}, 5, 6, 7, 0, 8, 0, 0, 0, 9, 10, 11, 12))).get("ids");
            assertArrayEquals(new long[] {3, 6}, ids.shape());
            assertArrayEquals(new long[] {
                101, 5, 6, 7, 102, 0,
                101, 8, 102, 0, 0, 0,
                101, 9, 10, 11, 12, 102}, ids.toLongArray());
        }
    }

    @Test
    void predictedBoxIsTheFirstMaximumMappedBackToOriginalPixels() {
        GraphBuilder b = new GraphBuilder();
        Value logits = b.input("logits", DType.FLOAT, "batch", "num_boxes");
        Value boxes = b.input("boxes", DType.FLOAT, "batch", "num_objects", 4);
        Value imInfo = b.input("im_info", DType.FLOAT, "batch", 4);
        b.output("pred", RefcocoModel.predictedBoxes(b, logits, boxes, imInfo));
        try (OrtRunner ort = new OrtRunner(new OnnxEmitter(b.graph()).emit(), 1)) {
            HostTensor pred = ort.run(Map.of(
                    // Sample 0: tie between slots 1 and 2 -> slot 1; sample 1: slot 0 beats the padding.
                    "logits", HostTensor.ofFloats(new long[] {2, 4}, 0.5f, 2f, 2f, -10000f, -1f, -3f, -10000f, -10000f),
                    "boxes", HostTensor.ofFloats(new long[] {2, 3, 4},
                            0, 0, 99, 99, 10, 20, 30, 40, 50, 60, 70, 80,
                            4, 8, 12, 16, 1, 1, 2, 2, -2, -2, -2, -2),
                    "im_info", HostTensor.ofFloats(new long[] {2, 4}, 100, 100, 2, 4, 100, 100, 0.5f, 0.25f)))
                    .get("pred");
            assertArrayEquals(new float[] {5, 5, 15, 10, 8, 32, 24, 64}, pred.toFloatArray());
        }
    }
}
