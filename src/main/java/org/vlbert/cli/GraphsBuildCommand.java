package org.vlbert.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vlbert.config.ConfigLoader;
import org.vlbert.config.Task;
import org.vlbert.config.VlbertConfig;
import org.vlbert.graphs.artifacts.ArtifactException;
import org.vlbert.graphs.artifacts.ArtifactInfo;
import org.vlbert.graphs.artifacts.ArtifactReader;
import org.vlbert.graphs.artifacts.ArtifactWriter;
import org.vlbert.graphs.artifacts.WrittenArtifact;
import org.vlbert.graphs.init.ParamInitializer;
import org.vlbert.graphs.ir.Param;
import org.vlbert.graphs.model.TaskGraph;
import org.vlbert.graphs.model.toy.TinyTransformerClassifier;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.tasks.ModelFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vlbert graphs build}: writes train_step.onnx, eval.onnx (dims.onnx) and infer.onnx for a config. */
@Command(name = "build", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Write train_step.onnx, eval.onnx, dims.onnx (when dropout masks need data-dependent sizes)"
                + " and infer.onnx for a config into a directory.",
                "infer.onnx embeds freshly initialised parameters (--seed); exporting a trained model embeds the"
                        + " checkpoint's values instead."})
public final class GraphsBuildCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--cfg", paramLabel = "FILE", description = "Config YAML file (not for --task toy-classifier).")
    private Path cfg;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config key (repeatable).")
    private List<String> overrides = new ArrayList<>();

    @Option(names = "--task", paramLabel = "TASK", description = {"pretrain, vqa, vcr or refcoco to read --cfg with"
            + " that schema (default: detected from the config), or " + TinyTransformerClassifier.TASK
            + " for the built-in toy classifier (vocab 16, 2 layers, hidden 32), which takes no config."})
    private String task;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the artifacts.")
    private Path out;

    @Option(names = "--seed", defaultValue = "0",
            description = "Seed of the parameters embedded in infer.onnx (default ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--external-data-threshold", paramLabel = "BYTES", defaultValue = "1500000000",
            description = "infer.onnx keeps its parameters in infer.onnx.data above this size (default ${DEFAULT-VALUE}).")
    private long externalThreshold;

    /** The graph to build and what identifies its configuration. */
    private record Target(TaskGraph graph, String configHash, String description) {}

    @Override
    public Integer call() {
        Target target = resolve();
        PrintWriter o = spec.commandLine().getOut();
        long start = System.nanoTime();
        try {
            ArtifactWriter writer = new ArtifactWriter(target.graph())
                    .producerVersion(VersionProvider.version())
                    .configHash(target.configHash())
                    .externalDataThreshold(externalThreshold);
            List<Param> params = writer.parameters();
            Map<String, HostTensor> values = new ParamInitializer(seed).initializeAll(params);
            List<WrittenArtifact> written = writer.writeAll(out, values);
            double seconds = (System.nanoTime() - start) / 1e9;

            o.printf("%s%n", target.description());
            o.printf("config hash %s%n", target.configHash());
            o.printf("parameters: %,d in %d tensors%n", params.stream().mapToLong(Param::numel).sum(), params.size());
            for (WrittenArtifact a : written) {
                ArtifactInfo info = ArtifactReader.describe(a.file());
                o.printf("%-16s %,6d nodes  %,4d inputs  %,4d outputs  %s%s%n", a.file().getFileName(), a.nodeCount(),
                        info.inputs().size(), info.outputs().size(), bytes(a.fileBytes()),
                        a.externalData() ? " + " + a.dataFile().getFileName() + " " + bytes(a.dataBytes()) : "");
                if (!a.unusedParams().isEmpty()) {
                    o.printf("  %d trainable parameters do not affect the loss (zero gradients): %s%n",
                            a.unusedParams().size(), String.join(", ", a.unusedParams()));
                }
                if (!info.dropoutSites().isEmpty()) {
                    o.printf("  %d dropout mask inputs (dropout.<site>)%n", info.dropoutSites().size());
                }
            }
            o.printf("wrote %s in %.2f s (infer.onnx parameters: seed %d)%n", out, seconds, seed);
            o.flush();
            return Main.EXIT_OK;
        } catch (ArtifactException e) {
            throw new VlbertException(e.getMessage(), e);
        } catch (IOException e) {
            throw new VlbertException("cannot write the artifacts to " + out + ": " + e.getMessage(), e);
        }
    }

    private Target resolve() {
        if (TinyTransformerClassifier.TASK.equals(task)) {
            if (cfg != null || !overrides.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--task " + TinyTransformerClassifier.TASK
                        + " has built-in sizes and reads no config: omit --cfg and --set");
            }
            TinyTransformerClassifier.Config c = TinyTransformerClassifier.Config.defaults();
            String description = String.format("task %s (vocab %d, %d layers, hidden %d, %d heads, FF %d, %d classes)",
                    TinyTransformerClassifier.TASK, c.vocabSize(), c.numLayers(), c.hiddenSize(),
                    c.numAttentionHeads(), c.intermediateSize(), c.numClasses());
            return new Target(new TinyTransformerClassifier(c), sha256("task: " + TinyTransformerClassifier.TASK + "\n" + c), description);
        }
        if (cfg == null) {
            throw new ParameterException(spec.commandLine(), "missing --cfg FILE (only --task "
                    + TinyTransformerClassifier.TASK + " builds without a config)");
        }
        Task schema = null;
        if (task != null) {
            try {
                schema = Task.parse(task);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage() + " or "
                        + TinyTransformerClassifier.TASK);
            }
        }
        VlbertConfig config = ConfigLoader.load(cfg, schema, overrides);
        PrintWriter err = spec.commandLine().getErr();
        config.warnings().forEach(w -> err.println("warning: " + w));
        err.flush();
        TaskGraph graph = ModelFactory.create(config);
        return new Target(graph, config.hash(), "task " + config.task() + " from " + cfg);
    }

    static String bytes(long n) {
        if (n < 10_000) {
            return n + " B";
        }
        if (n < 10_000_000) {
            return String.format("%.1f KB", n / 1e3);
        }
        return String.format("%.1f MB", n / 1e6);
    }

    /** SHA-256 (hex) of a canonical text: the hash of configs that are not YAML files (the toy's sizes). */
    private static String sha256(String canonical) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
