package org.vlbert.dist;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.vlbert.cli.VlbertException;

/**
 * The worker processes of one machine, supervised like {@code torch.distributed.launch}: all run
 * until they all succeed; as soon as one fails the others are stopped (SIGTERM, then SIGKILL after
 * a grace period) and the group reports which rank failed, so the job ends quickly and can be
 * resumed from its last checkpoint. The first local worker writes to this process's console; the
 * others' output is copied line by line with a {@code [rank r]} prefix.
 */
public final class WorkerGroup {
    /** How the group ended: {@code failed} is null on success. */
    public record Outcome(Worker failed, List<Worker> workers) {
        public boolean ok() {
            return failed == null;
        }
    }

    /** A started worker. */
    public static final class Worker {
        private final WorkerSpec spec;
        private final Process process;

        Worker(WorkerSpec spec, Process process) {
            this.spec = spec;
            this.process = process;
        }

        public int rank() {
            return spec.rank();
        }

        public long pid() {
            return process.pid();
        }

        /** The exit code, or null while running. */
        public Integer exitCode() {
            return process.isAlive() ? null : process.exitValue();
        }

        /** e.g. "exit code 1", "killed by signal 9 (SIGKILL)" or "running". */
        public String status() {
            Integer c = exitCode();
            if (c == null) {
                return "running";
            }
            if (c > 128 && c < 128 + 65) {
                return "killed by signal " + (c - 128) + signalName(c - 128) + " (exit code " + c + ")";
            }
            return "exit code " + c;
        }

        private static String signalName(int sig) {
            return switch (sig) {
                case 1 -> " (SIGHUP)";
                case 2 -> " (SIGINT)";
                case 6 -> " (SIGABRT)";
                case 9 -> " (SIGKILL)";
                case 11 -> " (SIGSEGV)";
                case 15 -> " (SIGTERM)";
                default -> "";
            };
        }
    }

    private final List<Worker> workers = new ArrayList<>();
    private final List<Thread> pumps = new ArrayList<>();
    private final Duration grace;
    private final PrintStream console;

    private WorkerGroup(Duration grace, PrintStream console) {
        this.grace = grace;
        this.console = console;
    }

    /** Starts every worker (the first one in {@code specs} shares this console). */
    public static WorkerGroup start(List<WorkerSpec> specs, Duration grace, PrintStream console) {
        WorkerGroup g = new WorkerGroup(grace, console);
        try {
            for (int i = 0; i < specs.size(); i++) {
                g.spawn(specs.get(i), i == 0);
            }
        } catch (RuntimeException e) {
            g.stopAll();
            throw e;
        }
        return g;
    }

    private void spawn(WorkerSpec spec, boolean sharesConsole) {
        ProcessBuilder pb = new ProcessBuilder(spec.command());
        pb.environment().putAll(spec.environment());
        if (sharesConsole) {
            pb.inheritIO();
        } else {
            pb.redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.INHERIT);
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new VlbertException("cannot start worker rank " + spec.rank() + " (" + spec.command().get(0) + "): "
                    + e.getMessage(), e);
        }
        workers.add(new Worker(spec, p));
        if (!sharesConsole) {
            Thread t = new Thread(() -> copyLines(p.getInputStream(), "[rank " + spec.rank() + "] "),
                    "vlbert-launch-output-rank" + spec.rank());
            t.setDaemon(true);
            t.start();
            pumps.add(t);
        }
    }

    private void copyLines(InputStream in, String prefix) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                synchronized (console) {
                    console.println(prefix + line);
                }
            }
        } catch (IOException e) {
            // the worker is gone; its exit status tells the story
        }
    }

    public List<Worker> workers() {
        return List.copyOf(workers);
    }

    /**
     * Waits until every worker has exited with code 0, or one has failed; then stops the rest.
     */
    public Outcome await() throws InterruptedException {
        List<CompletableFuture<Worker>> pending = new ArrayList<>();
        for (Worker w : workers) {
            pending.add(w.process.onExit().thenApply(p -> w));
        }
        Worker failed = null;
        while (!pending.isEmpty() && failed == null) {
            Worker done;
            try {
                done = (Worker) CompletableFuture.anyOf(pending.toArray(new CompletableFuture<?>[0])).get();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
            pending.removeIf(f -> f.isDone() && f.join() == done);
            if (done.exitCode() != 0) {
                failed = done;
            }
        }
        if (failed != null) {
            stopAll();
        }
        drainOutput();
        return new Outcome(failed, workers());
    }

    /** SIGTERM to every running worker, SIGKILL to those still running after the grace period. */
    public void stopAll() {
        for (Worker w : workers) {
            if (w.process.isAlive()) {
                w.process.destroy();
            }
        }
        long deadline = System.nanoTime() + grace.toNanos();
        for (Worker w : workers) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!w.process.waitFor(left, TimeUnit.NANOSECONDS)) {
                    // e.g. a stopped (SIGSTOP) process, which only SIGKILL ends
                    w.process.destroyForcibly();
                    w.process.onExit().get(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                w.process.destroyForcibly();
            } catch (ExecutionException | TimeoutException e) {
                // reported as still running in the summary
            }
        }
    }

    private void drainOutput() throws InterruptedException {
        for (Thread t : pumps) {
            t.join(2000);
        }
    }
}
