package org.vlbert.cli;

import java.io.PrintWriter;
import java.util.function.Function;
import org.vlbert.data.DataException;
import org.vlbert.data.convert.ConversionOptions;
import org.vlbert.data.convert.ConversionReport;
import org.vlbert.data.convert.ProgressListener;
import org.vlbert.monitor.ProgressBar;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs a converter with a progress bar (only on a terminal), prints the one-line summary and the
 * first skipped records, and turns data errors into {@link VlbertException}s: those of the
 * conversion and those of what {@code converter} opens first (vocabulary, regions file).
 */
final class DataConversionRunner {
    private DataConversionRunner() {}

    static int run(CommandSpec spec, DataConvertOptions opts, String label,
                   Function<ConversionOptions, ConversionReport> converter) {
        ConsoleProgress progress = new ConsoleProgress(label);
        ConversionOptions options = ConversionOptions.defaults().withSkipBad(opts.skipBad)
                .withBatchBytes((long) Math.max(1, opts.batchMb) << 20).withProgress(progress);
        ConversionReport report;
        try {
            report = converter.apply(options);
        } catch (DataException e) {
            throw new VlbertException(e.getMessage(), e);
        } finally {
            progress.finish();
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (String skipped : report.skippedExamples()) {
            err.println("skipped " + skipped);
        }
        if (report.skipped() > report.skippedExamples().size()) {
            err.println("skipped " + (report.skipped() - report.skippedExamples().size()) + " more bad records");
        }
        out.println(report.summary());
        out.flush();
        err.flush();
        return 0;
    }

    /** A progress bar created on the first update, once the total is known. */
    private static final class ConsoleProgress implements ProgressListener {
        private final String label;
        private ProgressBar bar;
        private long last;

        ConsoleProgress(String label) {
            this.label = label;
        }

        @Override
        public void update(long done, long total) {
            if (bar == null) {
                bar = ProgressBar.forConsole(label, total);
            }
            last = done;
            bar.update(done);
        }

        void finish() {
            if (bar != null) {
                bar.finish(last);
            }
        }
    }
}
