package org.vlbert.dist;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs an XGBoost job of n ranks inside the test JVM, one thread per rank (XGBoost's communicator
 * is per thread), on 127.0.0.1 and a free port.
 */
public final class LocalRanks {
    private LocalRanks() {}

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static DistEnv env(int port, int world, int rank) {
        return new DistEnv("127.0.0.1", port, world, rank, rank, world);
    }

    /** Connects every rank, applies {@code body}, and returns the results by rank (closing on success). */
    public static <T> List<T> run(int world, Duration opTimeout, Function<XgbCollective, T> body) throws Exception {
        return run(freePort(), world, opTimeout, body);
    }

    /** As {@link #run(int, Duration, Function)} with MASTER_PORT {@code port}. */
    public static <T> List<T> run(int port, int world, Duration opTimeout, Function<XgbCollective, T> body)
            throws Exception {
        // Start the tracker before any rank connects (as the trainer does), so no rank waits on retries.
        XgbTracker tracker = XgbTracker.start(env(port, world, 0), Duration.ofSeconds(60));
        ExecutorService pool = Executors.newFixedThreadPool(world);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int r = 0; r < world; r++) {
                int rank = r;
                futures.add(pool.submit(() -> {
                    XgbCollective c = XgbCollective.connect(env(port, world, rank), rank == 0 ? tracker : null,
                            opTimeout, Duration.ofSeconds(60));
                    try {
                        T out = body.apply(c);
                        c.close();
                        return out;
                    } catch (RuntimeException e) {
                        c.abort();
                        throw e;
                    }
                }));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get(120, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
