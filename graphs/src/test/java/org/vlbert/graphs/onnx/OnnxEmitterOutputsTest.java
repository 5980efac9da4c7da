package org.vlbert.graphs.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.onnx.proto.OnnxMl;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.ParamInit;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.graphs.testutil.OnnxChecker;
import org.vlbert.graphs.testutil.OrtRunner;

/** Graph outputs that are inputs or parameters, under their own names or renamed. */
class OnnxEmitterOutputsTest {
    private static final HostTensor X = HostTensor.ofFloats(new long[] {3}, 1, 2, 3);
    private static final HostTensor W = HostTensor.ofFloats(new long[] {3}, 10, 20, 30);

    private static GraphBuilder graph() {
        GraphBuilder b = new GraphBuilder();
        Value x = b.input("x", DType.FLOAT, "n");
        Value w = b.param("w", ParamInit.zeros(), 3);
        b.output("x", x);           // an input under its own name
        b.output("x_copy", x);      // and renamed
        b.output("w", w);           // a parameter under its own name
        b.output("y", b.add(x, w));
        return b;
    }

    private static void runAndCompare(OnnxMl.ModelProto model, Map<String, HostTensor> feeds) {
        OnnxChecker.check(model);
        try (OrtRunner ort = new OrtRunner(model, 1)) {
            Map<String, HostTensor> out = ort.run(feeds);
            assertArrayEquals(X.toFloatArray(), out.get("x").toFloatArray());
            assertArrayEquals(X.toFloatArray(), out.get("x_copy").toFloatArray());
            assertArrayEquals(W.toFloatArray(), out.get("w").toFloatArray());
            assertArrayEquals(new float[] {11, 22, 33}, out.get("y").toFloatArray());
        }
    }

    @Test
    void paramsAsInputs() {
        runAndCompare(new OnnxEmitter(graph().graph()).emit(), Map.of("x", X, "w", W));
    }

    @Test
    void paramsAsInitializers() {
        runAndCompare(new OnnxEmitter(graph().graph()).paramsAsInitializers(Map.of("w", W)).emit(), Map.of("x", X));
    }
}
