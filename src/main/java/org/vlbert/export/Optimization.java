package org.vlbert.export;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.vlbert.graphs.InferenceForm;

/**
 * How the exported inference graph is optimised: graph rewrites chosen when the graph is built
 * ({@link InferenceForm}) and, optionally, ONNX Runtime's offline optimisation at a level whose
 * output stays portable across machines (BASIC or EXTENDED; ALL adds layout transforms tied to
 * the CPU that optimised it, which ORT itself warns about).
 *
 * @param offlineLevel null for no offline optimisation
 */
public record Optimization(InferenceForm form, OrtSession.SessionOptions.OptLevel offlineLevel) {

    /** The plain inference graph: standard ONNX ops only. */
    public static Optimization none() {
        return new Optimization(InferenceForm.STANDARD, null);
    }

    /** What {@code --optimize} selects (measured with {@code vlbert bench infer}; see docs/export.md). */
    public static Optimization optimized() {
        return new Optimization(new InferenceForm(true, true), null);
    }

    public boolean enabled() {
        return form.matmulLinear() || form.fusedAttention() || offlineLevel != null;
    }

    /**
     * Runs the offline optimisation on {@code model} in place (when asked) and describes what was
     * done for the manifest.
     */
    ObjectNode apply(Path model, String externalData, int threads) throws IOException {
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        d.put("enabled", enabled());
        d.put("matmul_linear", form.matmulLinear());
        d.put("fused_attention", form.fusedAttention());
        d.put("ort_offline_level", offlineLevel == null ? "none" : levelName(offlineLevel));
        d.put("requires", form.fusedAttention() || offlineLevel == OrtSession.SessionOptions.OptLevel.EXTENDED_OPT
                ? "ONNX Runtime (any language binding; com.microsoft contrib ops)"
                : "any ONNX runtime with opset 20");
        if (offlineLevel == null) {
            return d;
        }
        if (externalData != null) {
            throw new PackageException("ONNX Runtime's offline optimisation is not applied to models with external"
                    + " data (weights above 2 GB); export this model without it");
        }
        Path optimized = model.resolveSibling("." + model.getFileName() + ".optimized");
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(Math.max(1, threads));
            o.setOptimizationLevel(offlineLevel);
            o.setOptimizedModelFilePath(optimized.toString());
            env.createSession(model.toString(), o).close();
        } catch (OrtException e) {
            throw new PackageException("ONNX Runtime could not optimise " + model + ": " + e.getMessage(), e);
        }
        Files.move(optimized, model, StandardCopyOption.REPLACE_EXISTING);
        d.put("ort_version", env.getVersion());
        return d;
    }

    static String levelName(OrtSession.SessionOptions.OptLevel level) {
        return switch (level) {
            case NO_OPT -> "disabled";
            case BASIC_OPT -> "basic";
            case EXTENDED_OPT -> "extended";
            case ALL_OPT -> "all";
            default -> level.name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
