package org.vlbert.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the built {@code bin/vlbert} launcher as a user would, capturing its combined output. */
final class Cli {
    private static final List<String> DIST_VARIABLES = List.of("MASTER_ADDR", "MASTER_PORT", "WORLD_SIZE", "RANK",
            "LOCAL_RANK", "LOCAL_WORLD_SIZE");

    private Cli() {}

    /** The repository root: system property vlbert.repo, else the first parent holding bin/vlbert. */
    static Path repo() {
        String p = System.getProperty("vlbert.repo");
        if (p != null) {
            return Path.of(p).toAbsolutePath().normalize();
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("bin/vlbert"))) {
                return d;
            }
        }
        throw new IllegalStateException("cannot find bin/vlbert above " + Path.of("").toAbsolutePath());
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A running command. */
    static final class Running {
        private final Process process;
        private final List<String> lines = new ArrayList<>();
        private final Thread reader;

        private Running(Process process) {
            this.process = process;
            this.reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String l = r.readLine(); l != null; l = r.readLine()) {
                        synchronized (lines) {
                            lines.add(l);
                            lines.notifyAll();
                        }
                    }
                } catch (IOException e) {
                    // process gone
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        String output() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }

        /** The first group of the first output line matching {@code regex}, waiting up to {@code timeout}. */
        String awaitLine(String regex, Duration timeout) throws InterruptedException {
            Pattern p = Pattern.compile(regex);
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (lines) {
                while (true) {
                    for (String l : lines) {
                        Matcher m = p.matcher(l);
                        if (m.find()) {
                            return m.groupCount() > 0 ? m.group(1) : l;
                        }
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
                        throw new AssertionError("no line matching " + regex + " in:\n" + String.join("\n", lines));
                    }
                    lines.wait(Math.max(1, Math.min(200, left / 1_000_000)));
                }
            }
        }

        /** Waits for the exit; kills the process tree and fails if it takes longer than {@code timeout}. */
        int await(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw new AssertionError("still running after " + timeout.toSeconds() + " s:\n" + output());
            }
            reader.join(5000);
            return process.exitValue();
        }

        /** SIGKILL to the process and everything it started. */
        void kill() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /** {@code bin/vlbert args...} run in {@code workDir}, without the caller's distributed-launch variables. */
    static ProcessBuilder command(List<String> args, Path workDir) {
        List<String> cmd = new ArrayList<>();
        cmd.add(repo().resolve("bin/vlbert").toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        DIST_VARIABLES.forEach(pb.environment()::remove);
        return pb;
    }

    /** Starts {@code bin/vlbert args...} in the repository root with {@code env} on top of a clean environment. */
    static Running start(List<String> args, Map<String, String> env) {
        ProcessBuilder pb = command(args, repo()).redirectErrorStream(true);
        pb.environment().put("JAVA_OPTS", "-Xmx1g");
        pb.environment().putAll(env);
        try {
            return new Running(pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs to completion and returns the output; fails on a non-zero exit. */
    static String run(List<String> args, Duration timeout) throws InterruptedException {
        Running r = start(args, Map.of());
        int code = r.await(timeout);
        if (code != 0) {
            throw new AssertionError("vlbert " + String.join(" ", args) + " exited with " + code + ":\n" + r.output());
        }
        return r.output();
    }

    static void signal(long pid, String signal) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new AssertionError("kill -" + signal + " " + pid + " failed");
        }
    }
}
