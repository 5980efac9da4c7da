package org.vlbert.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every {@code vlbert data convert-*} command has. */
public final class DataConvertOptions {
    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "Output Arrow file (written as .FILE.partial and renamed when complete).")
    Path out;

    @Option(names = "--skip-bad",
            description = "Skip malformed records (counted and reported) instead of stopping at the first one.")
    boolean skipBad;

    @Option(names = "--batch-mb", paramLabel = "MB", defaultValue = "64",
            description = "Size bound of one Arrow record batch; memory use is about twice this (default: ${DEFAULT-VALUE}).")
    int batchMb;
}
