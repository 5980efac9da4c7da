package org.vlbert.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code vlbert} command. Exit codes: 0 success, 1 runtime error (bad config, missing file,
 * failed run), 2 usage error (unknown option or command, missing argument).
 */
@Command(name = "vlbert", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Train, evaluate, export and serve VL-BERT models on ONNX Runtime.",
        commandListHeading = "%nCommands:%n",
        footer = {"", "Exit codes: 0 ok, 1 runtime error, 2 usage error. Run 'vlbert COMMAND --help' for details."})
public final class Main implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_RUNTIME_ERROR = 1;
    public static final int EXIT_USAGE = 2;

    @Spec
    private CommandSpec spec;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print the stack trace of errors (for bug reports).")
    private boolean debug;

    /** The subcommands, in help order. Register new commands here. */
    private static List<Object> subcommands() {
        return List.of(new ConfigCommand(), new TokenizeCommand(), new EvalVqaCommand(),
                new VerifyReferenceCommand(), new DataCommand(org.vlbert.data.tokenizer.BertTokenizer::fromVocab),
                new ExtractFeaturesCommand(), new TrainCommand(), new LaunchCommand(), new ValCommand(),
                new TestCommand(), new ExportCommand(), new PredictCommand(), new ImportCommand(), new GraphsCommand(),
                new BenchCommand());
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command");
    }

    public static void main(String[] args) {
        org.vlbert.dist.LauncherWatch.install(System.getenv());
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the CLI in-process with the given streams and returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        PrintWriter outWriter = new PrintWriter(out, true, StandardCharsets.UTF_8);
        PrintWriter errWriter = new PrintWriter(err, true, StandardCharsets.UTF_8);
        try {
            return commandLine(outWriter, errWriter).execute(args);
        } finally {
            outWriter.flush();
            errWriter.flush();
        }
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cmd = new CommandLine(new Main());
        for (Object sub : subcommands()) {
            cmd.addSubcommand(sub);
        }
        // Everything after 'vlbert launch [options] COMMAND' belongs to the worker command.
        cmd.getSubcommands().get("launch").setStopAtPositional(true);
        ErrorReporting errors = new ErrorReporting();
        cmd.setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors);
        return cmd;
    }
}
