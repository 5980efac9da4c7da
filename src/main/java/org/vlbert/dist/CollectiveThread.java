package org.vlbert.dist;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One daemon thread that makes every call into a thread-bound engine, and the watchdog around
 * it: the caller waits at most a timeout for each call. A call that overruns cannot be cancelled
 * (it is blocked in native code); the thread is then marked stuck and later calls fail at once,
 * so the process can report the error and exit instead of hanging.
 */
final class CollectiveThread {
    private final ExecutorService executor;
    private final int rank;
    private volatile String stuckIn;

    CollectiveThread(int rank) {
        this.rank = rank;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "vlbert-collective-rank" + rank);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs {@code op} on the collective thread and waits at most {@code timeout}.
     *
     * @param what  the operation, for error messages (e.g. "all-reduce of 1,024 floats")
     * @param hint  what a timeout probably means and what to do about it
     */
    <T> T call(String what, Duration timeout, String hint, Callable<T> op) {
        if (stuckIn != null) {
            throw new CollectiveException(what + " on rank " + rank + " cannot start: an earlier collective operation ("
                    + stuckIn + ") never completed");
        }
        Future<T> f = executor.submit(op);
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            stuckIn = what;
            throw new CollectiveTimeoutException(what + " on rank " + rank + " did not complete within "
                    + timeout.toSeconds() + " s; " + hint);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new CollectiveException(what + " on rank " + rank + " failed: " + c, c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stuckIn = what;
            throw new CollectiveException(what + " on rank " + rank + " was interrupted");
        }
    }

    boolean stuck() {
        return stuckIn != null;
    }

    /** Stops accepting work; a call still blocked in native code keeps its (daemon) thread. */
    void shutdown() {
        executor.shutdownNow();
    }
}
