package org.vlbert.testutil;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.vlbert.cli.Main;

/** One in-process run of the {@code vlbert} CLI ({@link Main#run}): its exit code and captured streams. */
public record CliRun(int exit, String out, String err) {

    /** Runs {@code vlbert args...} with stdout and stderr captured as UTF-8. */
    public static CliRun vlbert(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Whether stderr shows a Java stack trace or exception name (user errors must not, unless --debug). */
    public boolean hasStackTrace() {
        return err.contains("\tat ") || err.contains("Exception");
    }
}
