package org.vlbert.graphs.artifacts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.graphs.InferenceForm;
import org.vlbert.graphs.init.ParamInitializer;
import org.vlbert.graphs.model.toy.TinyTransformerClassifier;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.graphs.testutil.OrtRunner;

/** The inference-only graph forms compute the same function as the standard form, with other ops. */
class InferenceFormTest {
    private static final TinyTransformerClassifier TOY =
            new TinyTransformerClassifier(TinyTransformerClassifier.Config.defaults());

    @TempDir
    Path dir;

    private float[] logits(InferenceForm form, Map<String, HostTensor> values, String name) throws IOException {
        ArtifactWriter w = new ArtifactWriter(TOY).inferenceForm(form);
        Path sub = dir.resolve(name);
        java.nio.file.Files.createDirectories(sub);
        w.writeInfer(sub, "model.onnx", values);
        Map<String, HostTensor> feeds = new HashMap<>();
        feeds.put("input_ids", HostTensor.ofLongs(new long[] {2, 5}, 1, 5, 9, 3, 2, 1, 7, 4, 0, 0));
        feeds.put("attention_mask", HostTensor.ofLongs(new long[] {2, 5}, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0));
        try (OrtRunner r = new OrtRunner(sub.resolve("model.onnx"), 1)) {
            return r.run(feeds).values().iterator().next().toFloatArray();
        }
    }

    @Test
    void rewrittenFormsMatchTheStandardGraph() throws IOException {
        Map<String, HostTensor> values = new ParamInitializer(4).initializeAll(new ArtifactWriter(TOY).parameters());
        float[] standard = logits(InferenceForm.STANDARD, values, "standard");
        assertArrayEquals(standard, logits(new InferenceForm(true, false), values, "matmul"), 1e-5f);
        assertArrayEquals(standard, logits(new InferenceForm(false, true), values, "attention"), 1e-5f);
        assertArrayEquals(standard, logits(new InferenceForm(true, true), values, "both"), 1e-5f);

        ArtifactInfo plain = ArtifactReader.describe(dir.resolve("standard/model.onnx"));
        ArtifactInfo fused = ArtifactReader.describe(dir.resolve("both/model.onnx"));
        int layers = TinyTransformerClassifier.Config.defaults().numLayers();
        assertEquals(layers, fused.opHistogram().get("com.microsoft:Attention"));
        assertFalse(fused.opHistogram().containsKey("Softmax"));
        assertFalse(plain.opHistogram().containsKey("com.microsoft:Attention"));
        assertTrue(plain.opHistogram().get("Gemm") > fused.opHistogram().getOrDefault("Gemm", 0));
        // The parameters keep their reference names in every form.
        assertEquals(plain.parameterCount(), fused.parameterCount());
    }
}
