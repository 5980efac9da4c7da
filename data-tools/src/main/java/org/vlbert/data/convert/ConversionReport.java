package org.vlbert.data.convert;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.vlbert.data.arrow.ArrowSink;

/** What a conversion produced: output file, rows, bytes, wall time and skipped bad records. */
public record ConversionReport(Path output, long rows, long bytes, double seconds, long skipped,
                               List<String> skippedExamples) {

    /** Commits {@code sink} ({@link ArrowSink#commit()}) and reports it, timed from {@code startNanos}. */
    public static ConversionReport commit(ArrowSink sink, long startNanos, BadRecords bad) {
        long rows = sink.rows();
        long bytes = sink.commit();
        return new ConversionReport(sink.target(), rows, bytes, (System.nanoTime() - startNanos) / 1e9, bad.count(),
                bad.examples());
    }

    /** One line: {@code wrote N rows (X MB) to FILE in S s[, skipped K bad records]}. */
    public String summary() {
        String s = String.format(Locale.ROOT, "wrote %d rows (%.1f MB) to %s in %.2f s", rows, bytes / 1e6, output, seconds);
        if (skipped > 0) {
            s += ", skipped " + skipped + " bad record" + (skipped == 1 ? "" : "s");
        }
        return s;
    }
}
