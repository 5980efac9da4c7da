package org.vlbert.graphs.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.autodiff.Autodiff;
import org.vlbert.graphs.ir.Param;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.graphs.testutil.MiniTransformer;
import org.vlbert.graphs.testutil.OnnxChecker;
import org.vlbert.graphs.testutil.OrtRunner;

/** Emitted forward+backward and inference models pass the ONNX checker (full_check) and run. */
class OnnxCheckerTest {

    private record TrainGraph(GraphBuilder b, List<Param> trainable) {}

    private static TrainGraph trainStep() {
        GraphBuilder b = new GraphBuilder();
        MiniTransformer.Built m = MiniTransformer.build(b);
        List<Param> trainable = new ArrayList<>();
        List<Value> wrt = new ArrayList<>();
        for (Param p : b.graph().params().values()) {
            if (p.trainable()) {
                trainable.add(p);
                wrt.add(p.value());
            }
        }
        Autodiff.Result res = new Autodiff(b).gradients(m.loss(), wrt);
        b.output("loss", m.loss());
        for (Param p : trainable) {
            b.output("grad." + p.name(), res.gradients().get(p.value()));
        }
        return new TrainGraph(b, trainable);
    }

    @Test
    void trainStepOfAMiniTransformerPassesTheChecker() {
        TrainGraph t = trainStep();
        OnnxMl.ModelProto model = new OnnxEmitter(t.b().graph()).emit();
        Set<String> ops = new TreeSet<>();
        model.getGraph().getNodeList().forEach(n -> ops.add(n.getOpType()));
        // the graph really covers the ops this test is meant to check
        assertTrue(ops.containsAll(List.of("Gather", "ScatterElements", "LayerNormalization", "MatMul", "Gemm",
                "Softmax", "Gelu", "SoftmaxCrossEntropyLoss", "Transpose", "Reshape", "Sum", "Where", "Tanh",
                "Relu", "Softplus", "Cast", "Unsqueeze", "ReduceSum", "Expand", "ConstantOfShape")), ops.toString());
        OnnxChecker.check(model);

        // and ORT runs it: a finite loss and a gradient of the right shape for every parameter
        Map<String, HostTensor> feeds = new LinkedHashMap<>(MiniTransformer.testBatch());
        for (Param p : t.b().graph().params().values()) {
            feeds.put(p.name(), MiniTransformer.testValue(p));
        }
        try (OrtRunner ort = new OrtRunner(model, 1)) {
            Map<String, HostTensor> out = ort.run(feeds);
            float loss = out.get("loss").toFloatArray()[0];
            assertTrue(Float.isFinite(loss) && loss > 0, "loss " + loss);
            for (Param p : t.trainable()) {
                assertArrayEquals(p.shape(), out.get("grad." + p.name()).shape(), p.name());
            }
        }
    }

    @Test
    void inferenceGraphWithParamsAsInitializersPassesTheChecker() {
        GraphBuilder b = new GraphBuilder();
        MiniTransformer.Built m = MiniTransformer.build(b);
        b.output("mlm_logits", m.mlmLogits());
        Map<String, HostTensor> values = new LinkedHashMap<>();
        for (Param p : b.graph().params().values()) {
            values.put(p.name(), MiniTransformer.testValue(p));
        }
        OnnxMl.ModelProto model = new OnnxEmitter(b.graph()).paramsAsInitializers(values).emit(List.of("mlm_logits"));
        assertEquals(0, model.getGraph().getInputList().stream()
                .filter(i -> values.containsKey(i.getName())).count(), "parameters must not be graph inputs");
        assertTrue(model.getGraph().getInitializerList().stream()
                .anyMatch(i -> i.getName().equals("embeddings.word_embeddings.weight")));
        OnnxChecker.check(model);
        try (OrtRunner ort = new OrtRunner(model, 1)) {
            Map<String, HostTensor> feeds = new LinkedHashMap<>(MiniTransformer.testBatch());
            HostTensor logits = ort.run(feeds).get("mlm_logits");
            assertArrayEquals(new long[] {2, 5, MiniTransformer.VOCAB}, logits.shape());
        }
    }

    @Test
    void checkerRejectsAnInvalidModel() {
        // An Add whose second input nobody produces: the checker must say so (the helper is live).
        OnnxMl.ModelProto bad = addModel("missing", DType.FLOAT);
        AssertionError e = assertThrows(AssertionError.class, () -> OnnxChecker.check(bad));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void fullCheckRunsStrictShapeInference() {
        // Structurally fine, but the declared output type contradicts Add's: only type/shape
        // inference (full_check) notices.
        OnnxMl.ModelProto bad = addModel("a", DType.INT64);
        AssertionError e = assertThrows(AssertionError.class, () -> OnnxChecker.check(bad));
        assertTrue(e.getMessage().toLowerCase().contains("type"), e.getMessage());
    }

    /** A hand-written model y = Add(a, {@code second}) with float input a [2] and output y [2] of {@code outType}. */
    private static OnnxMl.ModelProto addModel(String second, DType outType) {
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(OnnxEmitter.IR_VERSION)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(GraphBuilder.OPSET))
                .setGraph(OnnxMl.GraphProto.newBuilder().setName("bad")
                        .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Add").addInput("a").addInput(second)
                                .addOutput("y"))
                        .addInput(OnnxEmitter.valueInfo("a", DType.FLOAT, Shape.fixed(2)))
                        .addOutput(OnnxEmitter.valueInfo("y", outType, Shape.fixed(2))))
                .build();
    }
}
