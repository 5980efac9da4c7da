package org.vlbert.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vlbert graphs}: build ONNX artifacts for a task and describe .onnx files. */
@Command(name = "graphs", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Build the ONNX artifacts of a model and inspect .onnx files.",
        commandListHeading = "%nCommands:%n",
        subcommands = {GraphsBuildCommand.class, GraphsDescribeCommand.class})
public final class GraphsCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: build or describe");
    }
}
