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

/** The caption + corpus joint batch and its text-row helpers, on hand-made tensors. */
class JointBatchTest {
    @Test
    void stacksCaptionsAndCorpusRowsWithTheirOwnVisualInputs() {
        GraphBuilder b = new GraphBuilder();
        JointBatch joint = declare(b);
        VisualLinguisticBert.Inputs in = joint.inputs();
        b.output("ids", in.textIds());
        b.output("types", in.textTypes());
        b.output("mask", in.textMask());
        b.output("visual", in.textVisual());
        b.output("object_visual", in.objectVisual());
        b.output("object_ling", in.objectLinguistic());
        b.output("object_mask", in.objectMask());
        Value sequence = b.input("sequence", DType.FLOAT, "rows", "packed", 1);
        b.output("rows", joint.textRows(b, sequence));
        b.output("beyond", joint.beyondSequence(b, sequence));
        b.output("caption_weights", joint.captionRowWeights(b, in.textIds()));
        Map<String, HostTensor> out = run(b, feeds());

        // Captions are 3 slots wide, corpus rows 4: captions get one more 0 column.
        assertArrayEquals(new long[] {1, 5, 2, 0, 1, 2, 0, 0, 7, 8, 9, 0}, out.get("ids").toLongArray());
        assertArrayEquals(new long[12], out.get("types").toLongArray());
        assertArrayEquals(new byte[] {1, 1, 1, 0, 1, 1, 0, 0, 1, 1, 1, 0}, bytes(out.get("mask")));
        // Caption slots get the whole-image box (object 0), zeros past the caption width; every
        // corpus slot gets the aux embedding.
        assertArrayEquals(new float[] {1, 2, 1, 2, 1, 2, 0, 0, 5, 6, 5, 6, 5, 6, 0, 0, 9, 9, 9, 9, 9, 9, 9, 9},
                out.get("visual").toFloatArray());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0}, out.get("object_visual").toFloatArray());
        assertArrayEquals(new float[] {-1, -1, -2, -2, -3, -3, -4, -4, 0, 0, 0, 0},
                out.get("object_ling").toFloatArray());
        assertArrayEquals(new byte[] {1, 1, 1, 0, 0, 0}, bytes(out.get("object_mask")));
        // Packed length 3 < Lm 4: the last packed row repeats and is flagged as beyond the sequence.
        assertArrayEquals(new float[] {10, 11, 12, 12, 20, 21, 22, 22, 30, 31, 32, 32}, out.get("rows").toFloatArray());
        assertArrayEquals(new byte[] {0, 0, 0, 1}, bytes(out.get("beyond")));
        assertArrayEquals(new float[] {1, 1, 0}, out.get("caption_weights").toFloatArray());
    }

    /** Declares captions [batch, text_len], aux [aux_batch, aux_len] and 2-wide object inputs; builds the joint batch. */
    static JointBatch declare(GraphBuilder b) {
        Value captions = b.input("captions", DType.INT64, "batch", "text_len");
        Value aux = b.input("aux", DType.INT64, "aux_batch", "aux_len");
        Value objReps = b.input("obj_reps", DType.FLOAT, "batch", "objects", 2);
        Value objLing = b.input("obj_ling", DType.FLOAT, "batch", "objects", 2);
        Value boxMask = b.input("box_mask", DType.BOOL, "batch", "objects");
        Value auxVisual = b.input("aux_visual", DType.FLOAT, 1, 2);
        return JointBatch.build(b, captions, aux, objReps, objLing, boxMask, auxVisual);
    }

    private static Map<String, HostTensor> feeds() {
        HostTensor boxMask = HostTensor.allocate(DType.BOOL, 2, 2);
        boxMask.buffer().put(0, (byte) 1).put(1, (byte) 1).put(2, (byte) 1).put(3, (byte) 0);
        HostTensor sequence = HostTensor.ofFloats(new long[] {3, 3, 1}, 10, 11, 12, 20, 21, 22, 30, 31, 32);
        return Map.of(
                "captions", HostTensor.ofLongs(new long[] {2, 3}, 1, 5, 2, 1, 2, 0),
                "aux", HostTensor.ofLongs(new long[] {1, 4}, 7, 8, 9, 0),
                "obj_reps", HostTensor.ofFloats(new long[] {2, 2, 2}, 1, 2, 3, 4, 5, 6, 7, 8),
                "obj_ling", HostTensor.ofFloats(new long[] {2, 2, 2}, -1, -1, -2, -2, -3, -3, -4, -4),
                "box_mask", boxMask,
                "aux_visual", HostTensor.ofFloats(new long[] {1, 2}, 9, 9),
                "sequence", sequence);
    }

    private static byte[] bytes(HostTensor t) {
        byte[] out = new byte[(int) t.numel()];
        t.buffer().get(0, out);
        return out;
    }

    private static Map<String, HostTensor> run(GraphBuilder b, Map<String, HostTensor> feeds) {
        try (OrtRunner ort = new OrtRunner(new OnnxEmitter(b.graph()).emit(), 1)) {
            return ort.run(feeds);
        }
    }
}
