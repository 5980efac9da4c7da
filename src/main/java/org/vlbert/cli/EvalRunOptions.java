package org.vlbert.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.vlbert.config.Task;
import org.vlbert.config.VlbertConfig;
import org.vlbert.eval.InferenceModel;
import org.vlbert.io.FileTrees;
import org.vlbert.runtime.OrtSessions;
import org.vlbert.tasks.ModelFactory;
import picocli.CommandLine.Option;

/**
 * The options that {@code vlbert val} and {@code vlbert test} share (device, threads, batch size)
 * and how they turn a config and a checkpoint into a running inference graph.
 */
public final class EvalRunOptions {
    @Option(names = "--device", defaultValue = "cpu", description = "cpu, cuda or cuda:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--threads", description = "ONNX Runtime intra-op threads (default: all cores).")
    Integer threads;

    @Option(names = "--bs", paramLabel = "N", description = "Batch size (overrides TEST.BATCH_IMAGES for test,"
            + " VAL.BATCH_IMAGES for val).")
    Integer batchSize;

    OrtSessions.Settings settings() {
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        return new OrtSessions.Settings(n, OrtSessions.Device.parse(device), true);
    }

    /** The pair options (--a-cfg, --r-cfg) take VCR configs only. */
    static void requireVcr(VlbertConfig config) {
        if (config.task() != Task.VCR) {
            throw new VlbertException(config.source() + " is a " + config.task().id() + " config; --a-cfg and --r-cfg"
                    + " are VCR configs");
        }
    }

    /** Progress lines of an evaluation run, flushed one by one to {@code err}. */
    static Consumer<String> progress(PrintWriter err) {
        return line -> {
            err.println(line);
            err.flush();
        };
    }

    /** Builds the config's model, loads {@code ckpt} into it and opens {@code graphDir/infer.onnx}. */
    InferenceModel open(VlbertConfig cfg, Path ckpt, Path graphDir, PrintWriter err) {
        InferenceModel m = InferenceModel.open(ModelFactory.create(cfg), ckpt, graphDir, settings(),
                VersionProvider.version(), cfg.hash());
        err.println("inference graph " + m.graph() + " (checkpoint " + ckpt + ")");
        err.flush();
        return m;
    }

    /** A scratch directory for graphs that are not kept, removed by {@link #deleteTree}. */
    static Path tempGraphDir() {
        try {
            return Files.createTempDirectory("vlbert-infer-");
        } catch (IOException e) {
            throw new VlbertException("cannot create a temporary directory for the inference graph: " + e.getMessage(), e);
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            // a leftover temporary graph is harmless
        }
    }
}
