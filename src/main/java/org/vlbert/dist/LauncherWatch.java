package org.vlbert.dist;

import java.util.Map;
import java.util.Optional;

/**
 * A worker started by {@code vlbert launch} ends when its launcher is gone (e.g. killed with
 * SIGKILL, which it cannot forward), instead of training on as an orphan that holds the job's
 * port and devices.
 */
public final class LauncherWatch {
    /** Set by the launcher to its own pid. */
    public static final String LAUNCHER_PID = "VLBERT_LAUNCHER_PID";

    private LauncherWatch() {}

    /** Starts watching if {@code env} names a launcher; does nothing otherwise. */
    public static void install(Map<String, String> env) {
        String v = env.get(LAUNCHER_PID);
        if (v == null || v.isBlank()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> launcher = ProcessHandle.of(pid);
        if (launcher.isEmpty()) {
            gone(pid);
        }
        launcher.get().onExit().thenRun(() -> gone(pid));
    }

    private static void gone(long pid) {
        System.err.println("error: the launcher (pid " + pid + ") is gone; stopping this worker");
        System.err.flush();
        Runtime.getRuntime().halt(1);
    }
}
