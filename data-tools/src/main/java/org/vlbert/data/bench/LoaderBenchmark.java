package org.vlbert.data.bench;

import java.util.ArrayList;
import java.util.List;
import org.vlbert.data.load.Batch;
import org.vlbert.data.load.BatchStream;
import org.vlbert.data.load.DataLoader;
import org.vlbert.data.load.LoaderOptions;
import org.vlbert.data.load.LoaderPosition;
import org.vlbert.data.vqa.ImageResize;
import org.vlbert.data.vqa.VqaCollator;
import org.vlbert.data.vqa.VqaDataset;
import org.vlbert.data.vqa.VqaExample;

/**
 * Measures how fast the loader delivers training batches of VQA (shuffled, flips at 0.5,
 * labels): the consumer only takes batches, so the figure is the loader's ceiling. The first
 * {@code warmup} batches (thread start, page-cache misses) are timed but not counted.
 */
public final class LoaderBenchmark {
    /** Per-batch wait times of the consumer and the throughput over the counted batches. */
    public record Result(List<Double> batchMillis, int counted, long samples, double seconds, long boxesPerSample,
                         long featureDim) {
        public double samplesPerSecond() {
            return samples / seconds;
        }
    }

    private LoaderBenchmark() {}

    public static Result run(VqaDataset data, LoaderOptions options, int batches, int warmup) {
        DataLoader<VqaExample> loader = new DataLoader<>(data,
                VqaCollator.forDataset(data, ImageResize.VQA, 0.5, true), options);
        List<Double> millis = new ArrayList<>();
        long samples = 0;
        long boxes = 0;
        long featureDim = 0;
        int epoch = 0;
        BatchStream stream = loader.stream(LoaderPosition.startOf(epoch));
        try {
            long last = System.nanoTime();
            long countedStart = last;
            for (int b = 0; b < warmup + batches; b++) {
                if (!stream.hasNext()) {
                    stream.close();
                    stream = loader.stream(LoaderPosition.startOf(++epoch));
                }
                try (Batch batch = stream.next()) {
                    long now = System.nanoTime();
                    millis.add((now - last) / 1e6);
                    last = now;
                    if (b == warmup - 1) {
                        countedStart = now;
                    }
                    if (b >= warmup) {
                        samples += batch.size();
                    }
                    boxes = Math.max(boxes, batch.get(VqaCollator.BOXES).dim(1));
                    featureDim = batch.get(VqaCollator.BOXES).dim(2) - 4;
                }
            }
            double seconds = (last - countedStart) / 1e9;
            return new Result(millis, batches, samples, seconds, boxes, featureDim);
        } finally {
            stream.close();
        }
    }
}
