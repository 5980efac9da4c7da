package org.vlbert.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vlbert.graphs.artifacts.ArtifactException;
import org.vlbert.graphs.artifacts.ArtifactInfo;
import org.vlbert.graphs.artifacts.ArtifactReader;
import org.vlbert.graphs.artifacts.ArtifactWriter;
import org.vlbert.graphs.artifacts.WrittenArtifact;
import org.vlbert.graphs.init.ParamInitializer;
import org.vlbert.graphs.ir.Param;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.model.ModelRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vlbert graphs build}: writes train_step.onnx, eval.onnx and infer.onnx for a task. */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = {"Write train_step.onnx, eval.onnx and infer.onnx for a task into a directory.",
                "infer.onnx embeds freshly initialised parameters (seeded); exporting a trained model embeds"
                        + " the checkpoint's values instead."})
public final class GraphsBuildCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--cfg", paramLabel = "FILE", description = "Model config (YAML); tasks with built-in"
            + " dimensions (toy-classifier) take none.")
    private Path cfg;

    @Option(names = "--task", required = true, paramLabel = "TASK", description = "Task whose graphs to build: ${COMPLETION-CANDIDATES}.",
            completionCandidates = TaskNames.class)
    private String task;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the artifacts.")
    private Path out;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the parameters embedded in infer.onnx (default ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--external-data-threshold", paramLabel = "BYTES", defaultValue = "1500000000",
            description = "infer.onnx keeps parameters in infer.onnx.data above this size (default ${DEFAULT-VALUE}).")
    private long externalThreshold;

    /** Task names for help and completion. */
    static final class TaskNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return ModelRegistry.tasks().iterator();
        }
    }

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        try {
            ModelRegistry.ResolvedModel model = ModelRegistry.resolve(task, cfg);
            long start = System.nanoTime();
            ArtifactWriter writer = new ArtifactWriter(model.definition())
                    .producerVersion(GraphsCommand.producerVersion())
                    .configHash(model.configHash())
                    .externalDataThreshold(externalThreshold);
            List<Param> params = writer.parameters();
            Map<String, HostTensor> values = new ParamInitializer(seed).initializeAll(params);
            List<WrittenArtifact> written = writer.writeAll(out, values);
            double seconds = (System.nanoTime() - start) / 1e9;

            long count = params.stream().mapToLong(Param::numel).sum();
            o.printf("task %s (%s)%n", task, model.summary());
            o.printf("config hash %s%n", model.configHash());
            o.printf("parameters: %,d in %d tensors%n", count, params.size());
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
            return 0;
        } catch (ModelRegistry.UnknownModelException | ArtifactException e) {
            return GraphsCommand.fail(spec, e.getMessage());
        } catch (IOException e) {
            return GraphsCommand.fail(spec, "cannot write artifacts to " + out + ": " + e.getMessage());
        }
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
}
