package org.vlbert.monitor;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar ({@code \r}-redrawn) for interactive runs. It draws only when stdout is a
 * terminal ({@link System#console()} is non-null); redirected to a file or pipe it stays silent, so
 * logs are not flooded with carriage returns. Redraws are throttled to one per 100 ms.
 */
public final class ProgressBar {
    private static final int WIDTH = 30;
    private static final long MIN_REDRAW_NANOS = 100_000_000L;

    private final String label;
    private final long total;
    private final PrintStream out;
    private final boolean enabled;
    private final LongSupplier nanoClock;
    private long lastDraw = Long.MIN_VALUE;
    private int lastLength;
    private boolean finished;

    ProgressBar(String label, long total, PrintStream out, boolean enabled, LongSupplier nanoClock) {
        this.label = label;
        this.total = Math.max(0, total);
        this.out = out;
        this.enabled = enabled;
        this.nanoClock = nanoClock;
    }

    /** A bar on {@code System.out}, enabled only if the JVM has a console. */
    public static ProgressBar forConsole(String label, long total) {
        return new ProgressBar(label, total, System.out, System.console() != null, System::nanoTime);
    }

    public boolean enabled() {
        return enabled;
    }

    /** Shows {@code done} of {@code total} (throttled; the final value is always drawn). */
    public void update(long done) {
        if (!enabled || finished) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (done < total && lastDraw != Long.MIN_VALUE && now - lastDraw < MIN_REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        draw(done);
    }

    /** Draws the final state and ends the line. */
    public void finish(long done) {
        if (!enabled || finished) {
            return;
        }
        draw(done);
        out.print(System.lineSeparator());
        out.flush();
        finished = true;
    }

    String render(long done) {
        long d = Math.max(0, Math.min(done, total));
        double frac = total == 0 ? 1.0 : (double) d / total;
        int filled = (int) Math.floor(frac * WIDTH);
        StringBuilder sb = new StringBuilder(label).append(" [");
        for (int i = 0; i < WIDTH; i++) {
            sb.append(i < filled ? '=' : (i == filled ? '>' : ' '));
        }
        sb.append("] ").append(String.format(Locale.ROOT, "%5.1f%%", 100.0 * frac)).append(' ').append(d).append('/').append(total);
        return sb.toString();
    }

    private void draw(long done) {
        String line = render(done);
        // Pad with spaces so a shorter line fully overwrites the previous one.
        int pad = Math.max(0, lastLength - line.length());
        out.print("\r" + line + " ".repeat(pad));
        out.flush();
        lastLength = line.length();
    }
}
