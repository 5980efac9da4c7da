package org.vlbert.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vlbert.config.Task;
import org.vlbert.config.VlbertConfig;
import org.vlbert.graphs.compile.CompiledTask;
import org.vlbert.graphs.compile.TaskCompiler;
import org.vlbert.graphs.init.ParamInitializer;
import org.vlbert.graphs.ir.Param;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.io.ImportOptions;
import org.vlbert.io.ImportResult;
import org.vlbert.io.Safetensors;
import org.vlbert.io.StateDictImporter;
import org.vlbert.io.TorchCheckpointReader;
import org.vlbert.tasks.ModelFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vlbert import}: reads an original PyTorch checkpoint (VL-BERT {@code .model}, zip or
 * legacy pickle format; or a BERT {@code pytorch_model.bin}) onto the model a config describes,
 * with the reference loading rules, and writes this project's checkpoint (safetensors).
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Imports an original PyTorch checkpoint into a safetensors parameter file for the model of"
                + " --cfg, applying the reference loading rules, and reports loaded / not provided / ignored keys.",
                "--as vlbert (default): a VL-BERT .model (key state_dict, optional module. prefix) loaded with"
                        + " NETWORK.PARTIAL_PRETRAIN_PREFIX_CHANGES, or strictly with --strict;",
                "--as bert: a BERT pytorch_model.bin (bert. prefix, gamma/beta, token-type rows 0-1, MLM transform"
                        + " into the VQA head). Parameters the checkpoint does not provide keep the reference"
                        + " initialisation (seed --seed)."})
public final class ImportCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigOptions config;

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "The PyTorch checkpoint.")
    private Path checkpoint;

    @Option(names = "--as", defaultValue = "vlbert", paramLabel = "KIND",
            description = "vlbert or bert (default: ${DEFAULT-VALUE}).")
    private String kind;

    @Option(names = "--strict", description = "Every model parameter must come from the checkpoint and every"
            + " checkpoint key must be used (resume semantics).")
    private boolean strict;

    @Option(names = "--seed", description = "Seed of the initialisation of parameters the checkpoint lacks"
            + " (default: RNG_SEED).")
    private Long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output .safetensors file.")
    private Path out;

    @Override
    public Integer call() throws IOException {
        VlbertConfig cfg = config.load(spec);
        CompiledTask task = new TaskCompiler().compile(ModelFactory.create(cfg));
        Map<String, long[]> shapes = task.paramShapes();
        Map<String, HostTensor> source = TorchCheckpointReader.readStateDict(checkpoint);
        ImportOptions opts = switch (kind) {
            case "bert" -> cfg.task() == Task.VQA && "mlm".equals(cfg.network().classifierType())
                    ? ImportOptions.bert().withMlmTransformInto("final_mlp.0.") : ImportOptions.bert();
            case "vlbert" -> strict ? ImportOptions.resume() : ImportOptions.partialPretrain(
                    cfg.network().partialPretrainPrefixChanges().stream()
                            .map(c -> c.oldPrefix() + "->" + c.newPrefix()).toList());
            default -> throw new VlbertException("--as must be vlbert or bert, got '" + kind + "'");
        };
        ImportResult r = StateDictImporter.importStateDict(source, shapes, opts);
        PrintWriter w = spec.commandLine().getOut();
        w.printf("%s -> %d model parameters: %d loaded, %d not provided, %d ignored%n", checkpoint, shapes.size(),
                r.loaded().size(), r.missing().size(), r.unexpected().size());
        print(w, "not provided (keep the reference initialisation)", r.missing());
        print(w, "ignored (not in this model)", r.unexpected());
        w.flush();
        r.requireNoMismatches();
        if (strict && !r.missing().isEmpty()) {
            throw new VlbertException("--strict: " + r.missing().size() + " model parameters are not in " + checkpoint
                    + ": " + r.missing());
        }
        List<Param> params = task.params();
        Map<String, HostTensor> values = new LinkedHashMap<>(new ParamInitializer(
                seed != null ? seed : cfg.general().rngSeed()).initializeAll(params));
        values = r.applyTo(values);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("vlbert.kind", "params");
        meta.put("vlbert.task", cfg.task().id());
        meta.put("vlbert.config_hash", cfg.hash());
        meta.put("vlbert.imported_from", checkpoint.getFileName().toString());
        Safetensors.write(out, values, meta);
        w.printf("wrote %s (%d tensors)%n", out, values.size());
        return 0;
    }

    private static void print(PrintWriter w, String title, List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        w.println("  " + title + ":");
        for (String k : keys) {
            w.println("    " + k);
        }
    }
}
