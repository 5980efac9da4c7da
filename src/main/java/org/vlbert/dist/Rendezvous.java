package org.vlbert.dist;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Where the workers find XGBoost's tracker: rank 0 listens on MASTER_ADDR:MASTER_PORT and tells
 * every caller the tracker's port (the role of torch's TCP store in {@code env://}). The tracker
 * itself listens on a fresh ephemeral port: XGBoost binds without SO_REUSEADDR, so re-binding a
 * fixed port right after a job (e.g. to resume a failed run) would fail for a minute while the
 * old connections sit in TIME_WAIT. This listener does set SO_REUSEADDR.
 *
 * <p>The answer is one line, {@code vlbert-rendezvous 1 <tracker port> <world size>}; the world
 * size lets a worker of another job on the same port fail with a clear message.
 */
final class Rendezvous implements AutoCloseable {
    private static final String MAGIC = "vlbert-rendezvous 1";

    private final ServerSocket server;
    private final Thread thread;

    private Rendezvous(ServerSocket server, Thread thread) {
        this.server = server;
        this.thread = thread;
    }

    /** Rank 0: answers on {@code host:port} until closed. */
    static Rendezvous serve(String host, int port, int trackerPort, int world) {
        ServerSocket s;
        try {
            s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, port), 128);
        } catch (IOException e) {
            throw new CollectiveException("rank 0 cannot listen on MASTER_ADDR:MASTER_PORT = " + host + ":" + port + " ("
                    + e.getMessage() + "). Is another job using that port? Choose another one (vlbert launch"
                    + " --master-port), and check that MASTER_ADDR is an address of this machine");
        }
        byte[] answer = (MAGIC + " " + trackerPort + " " + world + "\n").getBytes(StandardCharsets.US_ASCII);
        Thread t = new Thread(() -> {
            while (!s.isClosed()) {
                try (Socket c = s.accept(); OutputStream out = c.getOutputStream()) {
                    out.write(answer);
                } catch (IOException e) {
                    // closed, or a caller that went away: keep serving the others
                }
            }
        }, "vlbert-rendezvous");
        t.setDaemon(true);
        t.start();
        return new Rendezvous(s, t);
    }

    /**
     * Any rank: asks rank 0 for the tracker's port, retrying until {@code timeout} (rank 0 may still
     * be starting).
     */
    static int trackerPort(String host, int port, int world, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        long pause = 100;
        while (true) {
            try (Socket c = new Socket()) {
                c.connect(new InetSocketAddress(host, port), 5000);
                c.setSoTimeout(10_000);
                String line = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine();
                return parse(line, host, port, world);
            } catch (SocketTimeoutException e) {
                last = "timed out";
            } catch (IOException e) {
                last = e.getMessage();
            }
            if (System.nanoTime() + pause * 1_000_000 > deadline) {
                throw new CollectiveException("no rank 0 answered at MASTER_ADDR:MASTER_PORT = " + host + ":" + port
                        + " within " + timeout.toSeconds() + " s (" + last + "): is rank 0 running, and are MASTER_ADDR"
                        + " and MASTER_PORT the same for every worker?");
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CollectiveException("interrupted while waiting for rank 0 at " + host + ":" + port);
            }
            pause = Math.min(1000, pause * 2);
        }
    }

    static int parse(String line, String host, int port, int world) {
        String prefix = MAGIC + " ";
        if (line == null || !line.startsWith(prefix)) {
            throw new CollectiveException(host + ":" + port + " is not a vlbert rank 0 (it answered "
                    + (line == null ? "nothing" : "'" + line + "'") + "); check MASTER_ADDR and MASTER_PORT");
        }
        String[] parts = line.substring(prefix.length()).trim().split(" ");
        try {
            int trackerPort = Integer.parseInt(parts[0]);
            int theirWorld = Integer.parseInt(parts[1]);
            if (theirWorld != world) {
                throw new CollectiveException("the job at " + host + ":" + port + " has WORLD_SIZE=" + theirWorld
                        + " but this worker has WORLD_SIZE=" + world + "; start every worker of a job with the same"
                        + " settings");
            }
            return trackerPort;
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new CollectiveException(host + ":" + port + " sent a malformed answer '" + line + "'");
        }
    }

    @Override
    public void close() {
        try {
            server.close();
            thread.join(1000);
        } catch (IOException e) {
            // nothing left to release
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
