package org.vlbert.graphs.compile;

import ai.onnx.proto.OnnxMl;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vlbert.graphs.ir.Param;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.model.Dropout;
import org.vlbert.graphs.tensor.DType;

/**
 * Everything the runtime needs for one task model: the training-step graph (forward, loss,
 * gradients), the evaluation graph (no dropout; loss when labels are fed), the dims graph that
 * computes data-dependent sizes before a step, and the parameter and dropout-site tables.
 */
public record CompiledTask(
        String task,
        OnnxMl.ModelProto trainStep,
        OnnxMl.ModelProto eval,
        OnnxMl.ModelProto dims,
        List<Param> params,
        List<Dropout.Site> dropoutSites,
        List<BatchInput> batchInputs,
        List<String> outputs,
        List<String> lossTerms,
        List<String> unusedParams) {
    private static final String GRAD_PREFIX = "grad.";
    private static final String DIM_PREFIX = "dim.";


    /** A batch input of the graphs (not a parameter or a dropout mask). */
    public record BatchInput(String name, DType dtype, Shape shape, boolean trainingOnly) {}

    /** Name of the gradient output of a parameter. */
    public static String gradName(String param) {
        return GRAD_PREFIX + param;
    }

    /** Names of the parameters the optimizer updates (frozen ones, e.g. ResNet stem and BatchNorm, excluded). */
    public Set<String> trainableNames() {
        Set<String> out = new LinkedHashSet<>();
        for (Param p : params()) {
            if (p.trainable()) {
                out.add(p.name());
            }
        }
        return out;
    }

    /** The parameter whose gradient output is {@code output}, or null when it is no gradient. */
    public static String gradParam(String output) {
        return output.startsWith(GRAD_PREFIX) ? output.substring(GRAD_PREFIX.length()) : null;
    }

    /** Names of the dims graph outputs: one per data-dependent symbolic dim. */
    public static String dimOutput(String symbol) {
        return DIM_PREFIX + symbol;
    }

    /** The dimension symbol that the dims model's output {@code output} holds. */
    public static String dimSymbol(String output) {
        if (!output.startsWith(DIM_PREFIX)) {
            throw new IllegalArgumentException("'" + output + "' is not a dims-model output");
        }
        return output.substring(DIM_PREFIX.length());
    }

    public Map<String, long[]> paramShapes() {
        Map<String, long[]> m = new LinkedHashMap<>();
        params.forEach(p -> m.put(p.name(), p.shape()));
        return m;
    }
}
