package org.vlbert.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vlbert graphs}: build ONNX artifacts for a task and describe .onnx files. */
@Command(name = "graphs", mixinStandardHelpOptions = true,
        description = "Build the ONNX artifacts of a model and inspect .onnx files.",
        subcommands = {GraphsBuildCommand.class, GraphsDescribeCommand.class})
public final class GraphsCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (build or describe)");
    }

    /** The version recorded in artifacts: the jar's Implementation-Version, or "dev" when run from classes. */
    static String producerVersion() {
        String v = GraphsCommand.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Prints a user error as {@code error: <line>} lines and returns exit code 1. */
    static int fail(CommandSpec spec, String message) {
        PrintWriter err = spec.commandLine().getErr();
        for (String line : message.split("\n")) {
            err.println("error: " + line);
        }
        err.flush();
        return 1;
    }
}
