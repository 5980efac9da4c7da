package org.vlbert.graphs;

/**
 * Inference-only rewrites of a task graph, chosen when the inference model is built
 * ({@code ArtifactWriter.inferenceForm}); training and evaluation graphs never use them.
 *
 * @param matmulLinear   Linear on a [.., in] tensor as {@code MatMul(x, Transpose(W)) + b} instead of
 *                       Reshape → Gemm(transB) → Reshape: standard ONNX, and the shape ONNX Runtime's
 *                       fusions (bias + GELU, residual + LayerNorm) recognise; the Transpose of the
 *                       constant weight is folded when a session loads the model
 * @param fusedAttention BERT self-attention as one {@code com.microsoft:Attention} node (packed QKV
 *                       weights, 2-D key mask): an ONNX Runtime contrib op, so the model then needs
 *                       ONNX Runtime (any language binding) rather than any ONNX runtime
 */
public record InferenceForm(boolean matmulLinear, boolean fusedAttention) {
    /** The same graph as evaluation (no rewrites). */
    public static final InferenceForm STANDARD = new InferenceForm(false, false);
}
