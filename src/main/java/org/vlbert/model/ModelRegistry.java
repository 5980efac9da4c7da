package org.vlbert.model;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.vlbert.graphs.model.ModelDefinition;
import org.vlbert.graphs.model.toy.TinyTransformerClassifier;

/**
 * The one place where a task name and a configuration become a {@link ModelDefinition}. Tasks
 * register a {@link Factory}; the VL-BERT tasks (vqa, vcr, refcoco, pretrain) plug in here once
 * their graphs and the config loader exist.
 */
public final class ModelRegistry {
    private ModelRegistry() {}

    /** A definition resolved from (task, config) and the config hash recorded in its artifacts. */
    public record ResolvedModel(ModelDefinition definition, String configHash, String summary) {}

    /** Builds a task's definition from its (optional) config file. */
    @FunctionalInterface
    public interface Factory {
        ResolvedModel create(Path cfg);
    }

    /** A task or config the registry cannot turn into a model; the message says what to change. */
    public static final class UnknownModelException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UnknownModelException(String message) {
            super(message);
        }
    }

    private static final Map<String, Factory> FACTORIES = new LinkedHashMap<>();

    static {
        FACTORIES.put(TinyTransformerClassifier.TASK, ModelRegistry::toyClassifier);
    }

    public static Set<String> tasks() {
        return FACTORIES.keySet();
    }

    /** Resolves {@code task}; {@code cfg} may be null for tasks with built-in dimensions. */
    public static ResolvedModel resolve(String task, Path cfg) {
        Factory f = FACTORIES.get(task);
        if (f == null) {
            throw new UnknownModelException("unknown task '" + task + "'; known tasks: " + String.join(", ", tasks()));
        }
        return f.create(cfg);
    }

    private static ResolvedModel toyClassifier(Path cfg) {
        if (cfg != null) {
            throw new UnknownModelException("task " + TinyTransformerClassifier.TASK + " has built-in dimensions and"
                    + " reads no config file; omit --cfg " + cfg);
        }
        TinyTransformerClassifier.Config c = TinyTransformerClassifier.Config.defaults();
        String summary = String.format("vocab %d, %d layers, hidden %d, %d heads, FF %d, %d classes",
                c.vocabSize(), c.numLayers(), c.bert().hiddenSize(), c.bert().numAttentionHeads(),
                c.bert().intermediateSize(), c.numClasses());
        return new ResolvedModel(new TinyTransformerClassifier(c), sha256(c.toString()), summary);
    }

    /** Hex SHA-256 of a canonical text form of a configuration. */
    public static String sha256(String canonical) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
