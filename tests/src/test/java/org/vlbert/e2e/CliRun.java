package org.vlbert.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the built {@code bin/vlbert} launcher as a user would, in a working directory. */
final class CliRun {
    record Result(int exit, String out, String err) {}

    private CliRun() {}

    static Path repo() {
        String p = System.getProperty("vlbert.repo");
        return (p != null ? Path.of(p) : Path.of("..")).toAbsolutePath().normalize();
    }

    static Result run(Path workDir, long timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(repo().resolve("bin/vlbert").toString());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("vlbert-out", ".txt");
        Path err = Files.createTempFile("vlbert-err", ".txt");
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
