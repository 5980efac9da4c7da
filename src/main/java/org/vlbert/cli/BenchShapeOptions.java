package org.vlbert.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The sizes and repetitions shared by the VQA-shaped benchmarks ({@code bench train}, {@code bench infer}). */
final class BenchShapeOptions {
    @Option(names = "--batch", defaultValue = "8", description = "Samples per batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--boxes", defaultValue = "36", description = "Detected boxes per image; the whole-image box is"
            + " added (default: ${DEFAULT-VALUE}).")
    int boxes;

    @Option(names = "--text-len", defaultValue = "16", description = "Question tokens (default: ${DEFAULT-VALUE}).")
    int textLen;

    @Option(names = "--steps", defaultValue = "10", description = "Timed iterations (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", defaultValue = "2", description = "Untimed iterations first (default:"
            + " ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--threads", defaultValue = "2", description = "ORT intra-op threads (default: ${DEFAULT-VALUE}).")
    int threads;

    void check(CommandSpec spec) {
        if (batch < 1 || boxes < 1 || textLen < 1 || steps < 1 || warmup < 0 || threads < 1) {
            throw new ParameterException(spec.commandLine(), "--batch, --boxes, --text-len, --steps and --threads must"
                    + " be >= 1 and --warmup >= 0");
        }
    }
}
