package org.vlbert.dist;

import java.time.Duration;

/**
 * XGBoost's tracker, run inside the rank-0 process: workers connect to it, it tells each its ring
 * neighbours, and it waits for their shutdown. Ranks are assigned in the order of the workers'
 * task ids (zero-padded RANK), so XGBoost's rank equals RANK on every machine. It listens on an
 * ephemeral port that workers learn from the {@link Rendezvous} on MASTER_ADDR:MASTER_PORT.
 */
public final class XgbTracker implements AutoCloseable {
    /** XGBoost's {@code Tracker::SortBy::kTask}: order workers by task id, not by host name. */
    private static final int SORT_BY_TASK = 1;

    private long handle;
    private final int port;
    private Rendezvous rendezvous;

    private XgbTracker(long handle, int port) {
        this.handle = handle;
        this.port = port;
    }

    /** The tracker's own (ephemeral) port. */
    int port() {
        return port;
    }

    /**
     * Rank 0 starts the tracker on MASTER_ADDR:MASTER_PORT; {@code bootstrapTimeout} bounds the
     * wait for all workers to join (the tracker never times out once the job runs). Starting it
     * early, before the slow set-up, lets the other workers find it listening when they connect.
     */
    public static XgbTracker start(DistEnv env, Duration bootstrapTimeout) {
        if (env.rank() != 0) {
            throw new IllegalStateException("only rank 0 runs the tracker");
        }
        String host = env.masterHostAddress();
        long h = XgbNative.trackerCreate(host, env.worldSize(), 0, SORT_BY_TASK, Math.max(1, bootstrapTimeout.toSeconds()));
        XgbNative.trackerRun(h);
        XgbTracker t = new XgbTracker(h, XgbNative.trackerPort(h));
        try {
            t.rendezvous = Rendezvous.serve(host, env.masterPort(), t.port, env.worldSize());
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    /** Waits until every worker has left the job (after their orderly shutdown). */
    void awaitShutdown(Duration timeout) {
        XgbNative.trackerWaitFor(handle, Math.max(1, timeout.toSeconds()));
    }

    /** Frees the native tracker (after {@link #awaitShutdown}). */
    @Override
    public void close() {
        if (rendezvous != null) {
            rendezvous.close();
            rendezvous = null;
        }
        if (handle != 0) {
            long h = handle;
            handle = 0;
            XgbNative.trackerFree(h);
        }
    }
}
