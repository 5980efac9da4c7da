package org.vlbert.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vlbert.data.DataException;
import org.vlbert.data.bench.LoaderBenchmark;
import org.vlbert.data.demo.DemoVqaGenerator;
import org.vlbert.data.load.LoaderOptions;
import org.vlbert.data.regions.RegionFeatures;
import org.vlbert.data.vqa.VqaDataset;
import org.vlbert.data.vqa.VqaSamples;
import org.vlbert.io.FileTrees;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vlbert bench loader}: throughput of the VQA training loader (shuffle, flips, labels,
 * 64-sample batches). The last line is {@code samples/s: <number>}.
 */
@Command(name = "loader", mixinStandardHelpOptions = true,
        description = {"Measure how fast the data loader delivers VQA training batches (region features + questions "
                + "+ soft labels). Prints the time per batch and, as the last line, 'samples/s: <number>'.",
            "Without --data, a synthetic dataset with 100 boxes × 2048 features per image is generated in a "
                + "temporary directory first."})
public final class BenchLoaderCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "FILE", description = "VQA samples file (e.g. vqa_train.arrow).")
    Path data;

    @Option(names = "--regions", paramLabel = "FILE",
            description = "Regions file (default: regions.arrow next to --data).")
    Path regions;

    @Option(names = "--batch-size", defaultValue = "64", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--batches", defaultValue = "40", paramLabel = "N", description = "Batches timed (default: ${DEFAULT-VALUE}).")
    int batches;

    @Option(names = "--warmup", defaultValue = "3", paramLabel = "N",
            description = "Batches before timing starts (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--workers", defaultValue = "1", paramLabel = "N",
            description = "Loader threads (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--prefetch", defaultValue = "4", paramLabel = "N",
            description = "Batches prepared ahead (default: ${DEFAULT-VALUE}).")
    int prefetch;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path tmp = null;
        try {
            Path samplesFile = data;
            if (samplesFile == null) {
                tmp = Files.createTempDirectory("vlbert-bench-loader");
                out.println("generating a synthetic dataset (100 boxes × 2048 features per image) in " + tmp);
                out.flush();
                DemoVqaGenerator.generate(tmp, new DemoVqaGenerator.Settings(200, 1000, 100, 2048, seed));
                samplesFile = tmp.resolve(DemoVqaGenerator.splitFile("train"));
            }
            Path regionsFile = regions != null ? regions : samplesFile.toAbsolutePath().resolveSibling(DemoVqaGenerator.REGIONS);
            LoaderBenchmark.Result r;
            try (RegionFeatures rf = RegionFeatures.open(regionsFile); VqaSamples samples = VqaSamples.open(samplesFile)) {
                VqaDataset dataset = new VqaDataset(samples, rf);
                LoaderOptions options = LoaderOptions.of(batchSize, true, seed).withPrefetch(prefetch, workers);
                r = LoaderBenchmark.run(dataset, options, batches, warmup);
            }
            report(out, r);
            return 0;
        } catch (DataException e) {
            throw new VlbertException(e.getMessage(), e);
        } finally {
            if (tmp != null) {
                FileTrees.delete(tmp);
            }
        }
    }

    private void report(PrintWriter out, LoaderBenchmark.Result r) {
        out.println(String.format(Locale.ROOT, "%d batches of %d (up to %d boxes × %d features), %d worker(s), prefetch %d",
                r.counted(), batchSize, r.boxesPerSample(), r.featureDim(), workers, prefetch));
        List<Double> ms = r.batchMillis();
        for (int i = 0; i < ms.size(); i++) {
            out.println(String.format(Locale.ROOT, "batch %d: %.1f ms%s", i, ms.get(i), i < warmup ? " (warm-up)" : ""));
        }
        List<Double> timed = new ArrayList<>(ms.subList(Math.min(warmup, ms.size()), ms.size()));
        Collections.sort(timed);
        if (!timed.isEmpty()) {
            out.println(String.format(Locale.ROOT, "ms per batch: mean %.1f, median %.1f, max %.1f",
                    r.seconds() * 1000 / timed.size(), timed.get(timed.size() / 2), timed.get(timed.size() - 1)));
        }
        out.println(String.format(Locale.ROOT, "samples/s: %.1f", r.samplesPerSecond()));
        out.flush();
    }
}
