package org.vlbert.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the built {@code bin/vlbert} launcher as a user would, in a working directory, with stdout and stderr apart. */
final class CliRun {
    record Result(int exit, String out, String err) {}

    private CliRun() {}

    static Result run(Path workDir, long timeoutSeconds, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile("vlbert-out", ".txt");
        Path err = Files.createTempFile("vlbert-err", ".txt");
        try {
            ProcessBuilder pb = Cli.command(List.of(args), workDir).redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("timed out: " + pb.command());
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
