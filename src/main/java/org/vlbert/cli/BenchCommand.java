package org.vlbert.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vlbert bench}: benchmarks (not tests); each prints its settings and a final figure. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks on this machine; the last line of each is the headline figure.",
        subcommands = {BenchGraphCommand.class, BenchTrainCommand.class, BenchLoaderCommand.class,
            BenchExtractCommand.class, BenchOptimizerCommand.class, BenchAllreduceCommand.class,
            BenchInferCommand.class})
public final class BenchCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing benchmark (see vlbert bench --help)");
    }
}
