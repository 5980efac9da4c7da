package org.vlbert.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vlbert.config.VlbertConfig;
import org.vlbert.data.DataException;
import org.vlbert.data.tokenizer.VocabularyException;
import org.vlbert.export.Exporter;
import org.vlbert.export.Optimization;
import org.vlbert.export.Query;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vlbert export}: a trained checkpoint → a self-contained ONNX inference package. */
@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Write an inference package of a VQA, VCR or RefCOCO+ model on precomputed region features:"
                + " model.onnx (weights included), vocab.txt, tokenizer.json, answers.txt (VQA), config.json,"
                + " manifest.json (IO, processing steps, SHA-256 of every file) and test_data_set_0/ (input and"
                + " expected output TensorProtos). Any ONNX Runtime can run it; see docs/export.md.",
                "--ckpt takes a run directory (its best checkpoint, else the newest), a checkpoint directory, a"
                        + " .safetensors file or an original PyTorch .model file."})
public final class ExportCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigOptions config;

    @Option(names = "--ckpt", required = true, paramLabel = "PATH", description = "Checkpoint to export.")
    private Path ckpt;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Package folder to create (with --zip: the .zip file to create).")
    private Path out;

    @Option(names = "--zip", description = "Write one zip file instead of a folder.")
    private boolean zip;

    @Option(names = "--optimize", description = "Save the model after ONNX Runtime's offline BASIC optimisation"
            + " (constant folding, redundant nodes removed; standard ops only, so still portable): sessions start"
            + " faster, run time is unchanged. Recorded in the manifest.")
    private boolean optimize;

    @Option(names = "--vocab", paramLabel = "FILE",
            description = "vocab.txt to package (default: NETWORK.BERT_MODEL_NAME/vocab.txt).")
    private Path vocab;

    @Option(names = "--answers", paramLabel = "FILE",
            description = "VQA answer list (default: DATASET.ANSWER_VOCAB_FILE).")
    private Path answers;

    @ArgGroup(exclusive = false, heading = "Test data from a real sample (default: synthetic regions and text):%n")
    private SampleOptions sample;

    static final class SampleOptions {
        @Option(names = "--sample-features", required = true, paramLabel = "FILE", description = "regions.arrow file.")
        Path features;

        @Option(names = "--sample-image-id", required = true, paramLabel = "ID", description = "Image id in that file.")
        String imageId;

        @Option(names = "--sample-text", required = true, paramLabel = "TEXT",
                description = "Question (VQA, VCR) or expression (RefCOCO+).")
        String text;

        @Option(names = "--sample-choices", arity = "4", paramLabel = "TEXT",
                description = "VCR: the 4 answers (Q->A) or rationales (QA->R).")
        List<String> choices;

        @Option(names = "--sample-answer", paramLabel = "TEXT", description = "VCR QA->R: the answer.")
        String answer;

        @Option(names = "--sample-objects", split = ",", paramLabel = "CLASS",
                description = "VCR: the COCO class of each region, comma-separated.")
        List<String> objects;

        Exporter.Sample toSample() {
            return new Exporter.Sample(features, new Query(null, imageId, text, choices == null ? List.of() : choices,
                    answer, objects == null ? List.of() : objects, "the sample of --sample-*"));
        }
    }

    @Option(names = "--external-data-threshold", paramLabel = "BYTES", defaultValue = "1500000000",
            description = "Weights go to model.onnx.data above this size (default ${DEFAULT-VALUE}; protobuf caps a"
                    + " model file at 2 GiB).")
    private long externalThreshold;

    @Option(names = "--threads", defaultValue = "2", description = "ORT threads for the test-data run (default"
            + " ${DEFAULT-VALUE}).")
    private int threads;

    @Override
    public Integer call() {
        VlbertConfig cfg = config.load(spec);
        Exporter.Sample s = sample == null ? null : sample.toSample();
        Path target = zip && !out.getFileName().toString().endsWith(".zip")
                ? out.resolveSibling(out.getFileName() + ".zip") : out;
        long start = System.nanoTime();
        Exporter.Result r;
        try {
            r = Exporter.export(cfg, ckpt, new Exporter.Options(target, zip,
                    optimize ? Optimization.optimized() : Optimization.none(), vocab, answers, s, externalThreshold,
                    threads, VersionProvider.version()));
        } catch (DataException | VocabularyException e) {
            throw new VlbertException(e.getMessage(), e);
        }
        PrintWriter o = spec.commandLine().getOut();
        o.printf("exported %s model from %s%n", r.task().id(), r.checkpointFile());
        o.printf("parameters: %,d; ORT offline optimisation: %s%n", r.parameters(),
                r.optimization().path("ort_offline_level").asText());
        o.printf("files: %s%n", String.join(", ", r.files()));
        o.printf("wrote %s (%s) in %.1f s%n", r.target(), GraphsBuildCommand.bytes(r.bytes()),
                (System.nanoTime() - start) / 1e9);
        o.flush();
        return Main.EXIT_OK;
    }
}
