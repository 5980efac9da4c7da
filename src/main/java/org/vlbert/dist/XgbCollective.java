package org.vlbert.dist;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The default engine: XGBoost's collective (the successor of Rabit) — a tracker for the
 * rendezvous and a bandwidth-optimal ring all-reduce over TCP, on the caller's direct buffers
 * without copies. XGBoost binds its communicator to the thread that initialised it, so every call
 * runs on one dedicated thread, and each call is guarded by a timeout (XGBoost itself waits
 * forever on a peer that is alive but stuck).
 *
 * <p>Broadcast is a byte-wise (uint8) sum in which every rank but the root contributes zeros, so
 * it copies the root's bytes exactly. Float sums are bitwise identical on every rank: the ring
 * reduces each segment once and then passes the result around.
 */
public final class XgbCollective implements Collective {
    /** The native calls take an int element count. */
    private static final int MAX_ELEMENTS_PER_CALL = 1 << 30;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int rank;
    private final int world;
    private final Duration timeout;
    private final CollectiveThread thread;
    private final XgbTracker tracker;
    private long ops;
    private boolean closed;

    private XgbCollective(int rank, int world, Duration timeout, CollectiveThread thread, XgbTracker tracker) {
        this.rank = rank;
        this.world = world;
        this.timeout = timeout;
        this.thread = thread;
        this.tracker = tracker;
    }

    /**
     * Joins the job described by {@code env}: rank 0 starts the tracker on MASTER_ADDR:MASTER_PORT,
     * every rank connects to it and to its ring neighbours.
     *
     * @param opTimeout   the watchdog limit for each collective operation
     * @param rendezvous  how long to wait for all workers to join
     */
    public static XgbCollective connect(DistEnv env, Duration opTimeout, Duration rendezvous) {
        return connect(env, env.rank() == 0 ? XgbTracker.start(env, rendezvous) : null, opTimeout, rendezvous);
    }

    /**
     * Joins the job; rank 0 passes the tracker it started earlier with {@link XgbTracker#start}
     * (the collective then owns it), the other ranks pass null.
     */
    public static XgbCollective connect(DistEnv env, XgbTracker tracker, Duration opTimeout, Duration rendezvous) {
        if ((tracker != null) != (env.rank() == 0)) {
            throw new IllegalArgumentException("rank 0, and only rank 0, must pass the tracker");
        }
        String host = env.masterHostAddress();
        int trackerPort = tracker != null ? tracker.port()
                : Rendezvous.trackerPort(host, env.masterPort(), env.worldSize(), rendezvous);
        CollectiveThread thread = new CollectiveThread(env.rank());
        try {
            String config = config(host, trackerPort, env, rendezvous);
            int[] rw = thread.call("joining the job at " + host + ":" + env.masterPort(), rendezvous.plusSeconds(30),
                    "not all " + env.worldSize() + " workers joined; check that every worker was started with the same"
                            + " MASTER_ADDR, MASTER_PORT and WORLD_SIZE, and that the port is reachable",
                    () -> {
                        XgbNative.init(config);
                        return new int[] {XgbNative.rank(), XgbNative.worldSize()};
                    });
            if (rw[0] != env.rank() || rw[1] != env.worldSize()) {
                throw new CollectiveException("the tracker made this worker rank " + rw[0] + " of " + rw[1]
                        + ", but RANK=" + env.rank() + " and WORLD_SIZE=" + env.worldSize() + ": two workers have the"
                        + " same RANK, or workers of another job use the same MASTER_PORT");
            }
            return new XgbCollective(env.rank(), env.worldSize(), opTimeout, thread, tracker);
        } catch (RuntimeException e) {
            thread.shutdown();
            throw e;
        }
    }

    private static String config(String host, int trackerPort, DistEnv env, Duration rendezvous) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("dmlc_communicator", "rabit");
        c.put("dmlc_tracker_uri", host);
        c.put("dmlc_tracker_port", trackerPort);
        c.put("dmlc_task_id", String.format("%06d", env.rank()));
        // bounds the wait for the tracker's answer, which comes once every worker has connected
        c.put("dmlc_timeout", Math.max(1, rendezvous.toSeconds()));
        try {
            return JSON.writeValueAsString(c);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public int worldSize() {
        return world;
    }

    @Override
    public void allReduceSum(ByteBuffer buffer, long floats) {
        reduce(buffer, floats, 4, XgbNative.FLOAT32, String.format("all-reduce of %,d floats", floats));
    }

    @Override
    public void allReduceSumDoubles(ByteBuffer buffer, long doubles) {
        reduce(buffer, doubles, 8, XgbNative.FLOAT64, String.format("all-reduce of %,d doubles", doubles));
    }

    @Override
    public void broadcast(ByteBuffer buffer, long bytes, int root) {
        if (root < 0 || root >= world) {
            throw new IllegalArgumentException("broadcast root " + root + " outside world of size " + world);
        }
        checkBuffer(buffer, bytes, 1);
        if (rank != root) {
            ByteBuffer b = buffer.duplicate();
            byte[] zeros = new byte[(int) Math.min(bytes, 1 << 16)];
            for (long left = bytes; left > 0; left -= zeros.length) {
                b.put(zeros, 0, (int) Math.min(left, zeros.length));
            }
        }
        reduce(buffer, bytes, 1, XgbNative.UINT8, String.format("broadcast of %,d bytes from rank %d", bytes, root));
    }

    @Override
    public void barrier() {
        ByteBuffer one = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
        reduce(one, 1, 4, XgbNative.FLOAT32, "barrier");
    }

    private void reduce(ByteBuffer buffer, long count, int width, int dtype, String what) {
        if (closed) {
            throw new IllegalStateException("the collective is closed");
        }
        checkBuffer(buffer, count, width);
        long n = ++ops;
        String label = what + " (collective operation #" + n + ")";
        thread.call(label, timeout, "a peer is probably hung, stopped or much slower (e.g. writing a large checkpoint);"
                + " raise --collective-timeout if that is expected", () -> {
                    int start = buffer.position();
                    for (long done = 0; done < count; done += MAX_ELEMENTS_PER_CALL) {
                        int part = (int) Math.min(MAX_ELEMENTS_PER_CALL, count - done);
                        // The native side ignores the position: hand it a slice that starts there.
                        ByteBuffer slice = buffer.slice(start + (int) (done * width), part * width);
                        XgbNative.allReduce(slice, part, dtype, label + " on rank " + rank);
                    }
                    return null;
                });
    }

    private static void checkBuffer(ByteBuffer buffer, long count, int width) {
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("collective buffers must be direct");
        }
        if (width > 1 && buffer.order() != ByteOrder.nativeOrder()) {
            throw new IllegalArgumentException("collective buffers must be in native byte order");
        }
        if (count < 0 || count * width > buffer.remaining()) {
            throw new IllegalArgumentException("buffer has " + buffer.remaining() + " bytes left, needs " + count * width);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!thread.stuck()) {
                thread.call("leaving the job", timeout, "the tracker (in the rank-0 process) did not answer", () -> {
                    XgbNative.finish();
                    return null;
                });
            }
            if (tracker != null) {
                tracker.awaitShutdown(timeout);
                tracker.close();
            }
        } finally {
            thread.shutdown();
        }
    }

    @Override
    public void abort() {
        // No finalize and no wait for the tracker: peers learn of the failure when this process's
        // sockets close; the native handles are reclaimed at exit.
        closed = true;
        thread.shutdown();
    }
}
