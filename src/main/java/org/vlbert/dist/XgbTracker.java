package org.vlbert.dist;

import java.time.Duration;

/**
 * XGBoost's rendezvous tracker, run inside the rank-0 process (as torch's TCP store): workers
 * connect to it, it tells each its ring neighbours, and it waits for their shutdown. Ranks are
 * assigned in the order of the workers' task ids (zero-padded RANK), so XGBoost's rank equals
 * RANK on every machine.
 */
public final class XgbTracker implements AutoCloseable {
    /** XGBoost's {@code Tracker::SortBy::kTask}: order workers by task id, not by host name. */
    private static final int SORT_BY_TASK = 1;

    private long handle;

    private XgbTracker(long handle) {
        this.handle = handle;
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
        return start(env.masterHostAddress(), env.masterPort(), env.worldSize(), bootstrapTimeout);
    }

    static XgbTracker start(String host, int port, int workers, Duration bootstrapTimeout) {
        long h;
        try {
            h = XgbNative.trackerCreate(host, workers, port, SORT_BY_TASK, Math.max(1, bootstrapTimeout.toSeconds()));
        } catch (CollectiveException e) {
            throw new CollectiveException("rank 0 cannot start the rendezvous tracker on " + host + ":" + port + ": "
                    + e.getMessage() + ". Is another job using that port? Choose another MASTER_PORT (vlbert launch"
                    + " --master-port), and check that MASTER_ADDR is an address of this machine", e);
        }
        XgbTracker t = new XgbTracker(h);
        XgbNative.trackerRun(h);
        return t;
    }

    /** Waits until every worker has left the job (after their orderly shutdown). */
    void awaitShutdown(Duration timeout) {
        XgbNative.trackerWaitFor(handle, Math.max(1, timeout.toSeconds()));
    }

    /** Frees the native tracker (after {@link #awaitShutdown}). */
    @Override
    public void close() {
        if (handle != 0) {
            long h = handle;
            handle = 0;
            XgbNative.trackerFree(h);
        }
    }
}
