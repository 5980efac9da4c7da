package org.vlbert.monitor;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Writes TensorBoard scalar summaries to {@code <logDir>/events.out.tfevents.<%010d seconds>.<host>},
 * the file name and record layout tensorboardX uses: a first event with
 * {@code file_version = "brain.Event:2"}, then one event per scalar with {@code wall_time} (seconds,
 * double), {@code step}, and a summary value {@code tag}/{@code simple_value} (float32).
 *
 * <p>Flush policy (as tensorboardX's defaults): events are buffered and flushed to the file when
 * {@code maxQueue} (10) events are pending or {@code flushInterval} (120 s) has passed since the last
 * flush — checked on every write, there is no background thread — and on {@link #flush()} and
 * {@link #close()}. Thread-safe.
 */
public final class TfEventsWriter implements AutoCloseable {
    public static final String FILE_VERSION = "brain.Event:2";
    public static final int DEFAULT_MAX_QUEUE = 10;
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(120);

    private final Path file;
    private final OutputStream out;
    private final Clock clock;
    private final int maxQueue;
    private final Duration flushInterval;
    private int pending;
    private Instant lastFlush;
    private boolean closed;

    private TfEventsWriter(Path file, OutputStream out, Clock clock, int maxQueue, Duration flushInterval) {
        this.file = file;
        this.out = out;
        this.clock = clock;
        this.maxQueue = maxQueue;
        this.flushInterval = flushInterval;
        this.lastFlush = clock.instant();
    }

    /** A new event file in {@code logDir} (created if needed), with the default flush policy. */
    public static TfEventsWriter open(Path logDir) {
        return open(logDir, hostName(), Clock.systemUTC(), DEFAULT_MAX_QUEUE, DEFAULT_FLUSH_INTERVAL);
    }

    /**
     * A new event file {@code events.out.tfevents.<secs>.<host>} in {@code logDir}; if that name
     * exists (two writers in the same second), {@code .1}, {@code .2}, … is appended.
     */
    public static TfEventsWriter open(Path logDir, String host, Clock clock, int maxQueue, Duration flushInterval) {
        if (maxQueue < 1) {
            throw new IllegalArgumentException("maxQueue must be at least 1, got " + maxQueue);
        }
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create TensorBoard log directory " + logDir + ": " + e.getMessage(), e);
        }
        String base = String.format(Locale.ROOT, "events.out.tfevents.%010d.%s", clock.instant().getEpochSecond(), host);
        for (int attempt = 0; ; attempt++) {
            Path file = logDir.resolve(attempt == 0 ? base : base + "." + attempt);
            try {
                OutputStream os = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE), 1 << 16);
                TfEventsWriter w = new TfEventsWriter(file, os, clock, maxQueue, flushInterval);
                try {
                    w.writeRecord(EventProto.fileVersionEvent(w.wallTime(), FILE_VERSION));
                    w.flush();
                } catch (UncheckedIOException e) {
                    os.close();
                    throw e;
                }
                return w;
            } catch (FileAlreadyExistsException e) {
                if (attempt > 1000) {
                    throw new UncheckedIOException("cannot find a free event file name in " + logDir, e);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create TensorBoard event file " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** The event file being written. */
    public Path path() {
        return file;
    }

    /** Appends a scalar summary (stored as float32, like tensorboardX's {@code add_scalar}). */
    public synchronized void addScalar(String tag, double value, long step) {
        if (closed) {
            throw new IllegalStateException("TensorBoard writer for " + file + " is closed");
        }
        writeRecord(EventProto.scalarEvent(wallTime(), step, tag, (float) value));
        pending++;
        Instant now = clock.instant();
        if (pending >= maxQueue || !now.isBefore(lastFlush.plus(flushInterval))) {
            flush();
        }
    }

    public synchronized void flush() {
        if (closed) {
            return;
        }
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write TensorBoard event file " + file + ": " + e.getMessage(), e);
        }
        pending = 0;
        lastFlush = clock.instant();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        flush();
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close TensorBoard event file " + file + ": " + e.getMessage(), e);
        }
    }

    private double wallTime() {
        Instant now = clock.instant();
        return now.getEpochSecond() + now.getNano() / 1e9;
    }

    private void writeRecord(byte[] payload) {
        try {
            out.write(TfRecordFraming.frame(payload));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write TensorBoard event file " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code socket.gethostname()} without a DNS round trip where possible. */
    static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            Path proc = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(proc)) {
                String h = new String(Files.readAllBytes(proc), StandardCharsets.UTF_8).trim();
                if (!h.isEmpty()) {
                    return h;
                }
            }
        } catch (IOException | SecurityException ignored) {
            // fall through to the resolver
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
