package org.vlbert.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns exceptions into messages and exit codes: usage errors → {@code error: ...} plus the usage
 * (exit 2); {@link VlbertException} → one {@code error: } line per message line (exit 1); anything
 * else → its message and a hint to use {@code --debug} (exit 1). Stack traces only with --debug.
 */
final class ErrorReporting implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("error: " + ex.getMessage());
        if (!UnmatchedArgumentException.printSuggestions(ex, err)) {
            cmd.usage(err, cmd.getColorScheme());
        }
        return Main.EXIT_USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        boolean debug = debugRequested(parseResult);
        if (ex instanceof VlbertException) {
            printLines(err, ex.getMessage());
        } else {
            String message = ex.getMessage() == null || ex.getMessage().isBlank()
                    ? ex.getClass().getSimpleName() : ex.getMessage();
            printLines(err, message + (debug ? "" : " (run with --debug for the stack trace)"));
        }
        if (debug) {
            ex.printStackTrace(err);
        }
        err.flush();
        return Main.EXIT_RUNTIME_ERROR;
    }

    static void printLines(PrintWriter err, String message) {
        for (String line : message.split("\n")) {
            err.println("error: " + line);
        }
    }

    /** --debug is inherited by every subcommand, so look for it at every level that was parsed. */
    private static boolean debugRequested(ParseResult parseResult) {
        for (ParseResult pr = parseResult.commandSpec().root().commandLine().getParseResult(); pr != null;
                pr = pr.subcommand()) {
            if (pr.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }
}
