package org.vlbert.export;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.vlbert.graphs.InferenceForm;

/**
 * How the exported inference graph is optimised: the inference-only rewrites chosen when the graph
 * is built ({@link InferenceForm}). ONNX Runtime's offline optimisation
 * ({@code SessionOptions.setOptimizedModelFilePath}) is deliberately not applied: measured on the
 * VQA base model it leaves run time unchanged (sessions apply the same optimisations online) and
 * saves only about 0.1 s of the 0.45 s session creation, while its EXTENDED output ties the model
 * to ONNX Runtime's CPU kernels (docs/export.md, "Measurements").
 */
public record Optimization(InferenceForm form) {

    /** The plain inference graph: standard ONNX ops only. */
    public static Optimization none() {
        return new Optimization(InferenceForm.STANDARD);
    }

    /** What {@code --optimize} selects (measured with {@code vlbert bench infer}; see docs/export.md). */
    public static Optimization optimized() {
        return new Optimization(new InferenceForm(true, true));
    }

    public boolean enabled() {
        return form.matmulLinear() || form.fusedAttention();
    }

    /** The manifest's {@code model.optimization} entry. */
    ObjectNode describe() {
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        d.put("enabled", enabled());
        d.put("matmul_linear", form.matmulLinear());
        d.put("fused_attention", form.fusedAttention());
        d.put("ort_offline_level", "none");
        d.put("requires", form.fusedAttention() ? "ONNX Runtime, any language binding (com.microsoft:Attention contrib op)"
                : "any ONNX runtime with opset 20");
        return d;
    }
}
