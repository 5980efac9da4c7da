package org.vlbert.graphs.model.vlbert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Dim;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.onnx.OnnxEmitter;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.graphs.testutil.OrtRunner;

/**
 * Slicing the aux rows out of a joint-batch tensor defines the aux batch dim for the dims graph
 * (which sizes dropout masks before a step): it must evaluate to B2 from the inputs alone.
 */
class JointBatchDimsTest {
    @Test
    void auxRowsDefineTheAuxBatchAsTheCorpusRowCount() {
        GraphBuilder b = new GraphBuilder();
        JointBatch joint = JointBatchTest.declare(b);
        // a joint tensor computed from a non-input (as the MLM logits are from dropout masks)
        Value jointRows = b.input("joint", DType.FLOAT, Dim.sym("batch").plus(Dim.sym("aux_batch")), 1);
        b.output("aux_rows", joint.auxPart(b, jointRows, Dim.sym("aux_batch")));
        b.output("aux_batch", b.dimSources().get("aux_batch"));

        HostTensor boxMaskValue = HostTensor.allocate(DType.BOOL, 2, 1);
        Map<String, HostTensor> feeds = Map.of(
                "captions", HostTensor.ofLongs(new long[] {2, 3}, 1, 5, 2, 1, 2, 0),
                "aux", HostTensor.ofLongs(new long[] {3, 2}, 7, 8, 9, 0, 4, 4),
                "obj_reps", HostTensor.ofFloats(new long[] {2, 1, 2}, 1, 2, 3, 4),
                "obj_ling", HostTensor.ofFloats(new long[] {2, 1, 2}, 1, 2, 3, 4),
                "box_mask", boxMaskValue,
                "aux_visual", HostTensor.ofFloats(new long[] {1, 2}, 9, 9),
                "joint", HostTensor.ofFloats(new long[] {5, 1}, 0, 1, 2, 3, 4));
        try (OrtRunner ort = new OrtRunner(new OnnxEmitter(b.graph()).emit(), 1)) {
            Map<String, HostTensor> out = ort.run(feeds);
            assertArrayEquals(new float[] {2, 3, 4}, out.get("aux_rows").toFloatArray());
            assertArrayEquals(new long[] {3}, out.get("aux_batch").toLongArray());
        }
    }
}
