package org.vlbert.data.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the apache-arrow npm package (a second, independent Arrow implementation) on our files.
 * The package is installed once into {@code target/arrow-js} with the pinned version. Tests are
 * skipped only when node or npm is not installed.
 */
final class ArrowJsReader {
    static final String VERSION = "21.2.0";
    private static final Path DIR = Path.of("target", "arrow-js").toAbsolutePath();

    private ArrowJsReader() {}

    /** Installs the package if needed (skipping the calling test when node/npm are missing). */
    static void ensureInstalled() throws IOException, InterruptedException {
        requireTool("node");
        requireTool("npm");
        Path pkg = DIR.resolve("node_modules/apache-arrow/package.json");
        if (Files.exists(pkg) && new ObjectMapper().readTree(pkg.toFile()).path("version").asText().equals(VERSION)) {
            return;
        }
        Files.createDirectories(DIR);
        Result r = run(List.of("npm", "install", "--prefix", DIR.toString(), "--no-audit", "--no-fund",
                "--loglevel=error", "apache-arrow@" + VERSION), 300);
        if (r.exit != 0) {
            throw new IllegalStateException("npm install apache-arrow@" + VERSION + " failed (exit " + r.exit + "): "
                    + r.stderr);
        }
    }

    /** Reads {@code files} with arrow JS; returns {file name: {metadata, numRows, fields, rows}}. */
    static JsonNode read(List<Path> files) throws IOException, InterruptedException {
        Path script = DIR.resolve("read-arrow.js");
        try (InputStream in = ArrowJsReader.class.getResourceAsStream("/arrowjs/read-arrow.js")) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> cmd = new ArrayList<>(List.of("node", script.toString()));
        files.forEach(f -> cmd.add(f.toString()));
        Result r = run(cmd, 120);
        if (r.exit != 0) {
            throw new IllegalStateException("arrow JS could not read the files (exit " + r.exit + "): " + r.stderr);
        }
        return new ObjectMapper().readTree(r.stdout);
    }

    private static void requireTool(String tool) throws InterruptedException {
        try {
            Result r = run(List.of(tool, "--version"), 60);
            Assumptions.assumeTrue(r.exit == 0, tool + " --version failed; skipping the second-reader test");
        } catch (IOException e) {
            Assumptions.abort(tool + " is not installed; skipping the second-reader (apache-arrow JS) test");
        }
    }

    private record Result(int exit, String stdout, String stderr) {}

    private static Result run(List<String> cmd, int timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("ARROW_JS_DIR", DIR.toString());
        Path outFile = Files.createTempFile("arrowjs", ".out");
        Path errFile = Files.createTempFile("arrowjs", ".err");
        try {
            pb.redirectOutput(outFile.toFile()).redirectError(errFile.toFile());
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " timed out after " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), Files.readString(outFile, StandardCharsets.UTF_8),
                    Files.readString(errFile, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(outFile);
            Files.deleteIfExists(errFile);
        }
    }
}
