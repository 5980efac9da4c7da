package org.vlbert.monitor;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * The reference's batch-end {@code Speedometer} callback (common/callbacks/batch_end_callbacks/
 * speedometer.py), producing the same log lines character for character.
 *
 * <p>On the first batch of each epoch (detected by the batch index going down, or the very first
 * call) it emits {@code Epoch[e] Batch [0]\tSpeed: - samples/sec ETA: - d - h - m\tTrain-m1=v1,\tm2=v2,\t}
 * and starts its timer; afterwards, at every batch index divisible by {@code frequent}:
 * {@code Epoch[e] Batch [n]\tSpeed: %.2f samples/s ETA: %d d %2d h %2d m\tData: %.3f Tran: %.3f F: %.3f
 * B: %.3f O: %.3f M: %.3f\tTrain-m1=v1,\tm2=v2,\t} (values {@code %f}; only the first metric carries
 * the {@code Train-} prefix). Distributed runs prefix {@code Rank[%3d]}. Reference quirks kept: phase
 * times accumulate from the epoch's first batch on and are divided by {@code frequent} (so the first
 * window averages {@code frequent + 1} batches' worth), and the accumulators are only cleared when a
 * line with speed is emitted.
 */
public final class Speedometer {
    private final int batchSize;
    private final int frequent;
    private final int batchesPerEpoch;
    private final int epochs;
    private final Integer rank;
    private final DoubleSupplier clockSeconds;
    private final Consumer<String> sink;

    private int localEpoch = -1;
    private boolean init;
    private double tic;
    private int lastCount;
    private double dataIn;
    private double dataTransfer;
    private double forward;
    private double backward;
    private double optimizer;
    private double metric;

    /**
     * @param batchSize samples per batch per process ({@code #GPUs × Σ BATCH_IMAGES}; per process in distributed mode)
     * @param frequent {@code LOG_FREQUENT}
     * @param batchesPerEpoch batches per epoch per process, for the ETA
     * @param epochs {@code END_EPOCH − BEGIN_EPOCH}, for the ETA
     * @param rank the process rank in distributed mode, else {@code null}
     * @param clockSeconds a clock in seconds (only differences are used)
     * @param sink receives each line (the caller logs and prints it)
     */
    public Speedometer(int batchSize, int frequent, int batchesPerEpoch, int epochs, Integer rank,
            DoubleSupplier clockSeconds, Consumer<String> sink) {
        if (frequent < 1) {
            throw new IllegalArgumentException("LOG_FREQUENT must be at least 1, got " + frequent);
        }
        this.batchSize = batchSize;
        this.frequent = frequent;
        this.batchesPerEpoch = batchesPerEpoch;
        this.epochs = epochs;
        this.rank = rank;
        this.clockSeconds = clockSeconds;
        this.sink = sink;
    }

    /** With the monotonic system clock. */
    public Speedometer(int batchSize, int frequent, int batchesPerEpoch, int epochs, Integer rank,
            Consumer<String> sink) {
        this(batchSize, frequent, batchesPerEpoch, epochs, rank, () -> System.nanoTime() / 1e9, sink);
    }

    /**
     * Called after every training batch.
     *
     * @param epoch the global epoch index
     * @param nbatch the batch index within the epoch
     * @param metrics the training metrics in display order, or {@code null} when there is no metric object
     */
    public void onBatchEnd(int epoch, int nbatch, BatchTimings t, Map<String, Double> metrics) {
        if (lastCount > nbatch) {
            init = false;
        }
        lastCount = nbatch;
        dataIn += t.dataIn();
        dataTransfer += t.dataTransfer();
        forward += t.forward();
        backward += t.backward();
        optimizer += t.optimizer();
        metric += t.metric();

        if (init) {
            if (nbatch % frequent == 0) {
                double now = clockSeconds.getAsDouble();
                double speed = (double) frequent * batchSize / (now - tic);
                String phases = "Data: " + PyFormat.fixed(dataIn / frequent, 3)
                        + " Tran: " + PyFormat.fixed(dataTransfer / frequent, 3)
                        + " F: " + PyFormat.fixed(forward / frequent, 3)
                        + " B: " + PyFormat.fixed(backward / frequent, 3)
                        + " O: " + PyFormat.fixed(optimizer / frequent, 3)
                        + " M: " + PyFormat.fixed(metric / frequent, 3);
                long[] dhm = eta(speed, nbatch);
                String etaText = "ETA: " + dhm[0] + " d " + PyFormat.d(dhm[1], 2) + " h " + PyFormat.d(dhm[2], 2) + " m";
                String prefix = "Epoch[" + epoch + "] Batch [" + nbatch + "]\t";
                String line;
                if (metrics != null) {
                    line = prefix + "Speed: " + PyFormat.fixed(speed, 2) + " samples/s " + etaText + "\t" + phases
                            + "\tTrain-" + metricText(metrics);
                } else {
                    line = prefix + "Speed: " + PyFormat.fixed(speed, 2) + " " + etaText + " samples/s\t" + phases;
                }
                emit(line);
                tic = now;
                dataIn = 0;
                dataTransfer = 0;
                forward = 0;
                backward = 0;
                optimizer = 0;
                metric = 0;
            }
        } else {
            init = true;
            localEpoch++;
            String line = "Epoch[" + epoch + "] Batch [0]\tSpeed: - samples/sec ETA: - d - h - m";
            if (metrics != null) {
                line += "\tTrain-" + metricText(metrics);
            }
            emit(line);
            tic = clockSeconds.getAsDouble();
        }
    }

    /** Days, hours, minutes left, with the reference's integer arithmetic. */
    private long[] eta(double speed, int nbatch) {
        double seconds = ((double) (epochs - localEpoch - 1) * batchesPerEpoch + batchesPerEpoch - nbatch)
                * batchSize / speed;
        double minutesExact = seconds / 60.0;
        long minutes = Double.isFinite(minutesExact) ? (long) minutesExact : 0L; // Python int(): toward zero
        long m = Math.floorMod(minutes, 60L);
        long h = Math.floorMod((minutes - m) / 60, 24L);
        long d = (minutes - m - h * 60) / (24 * 60);
        return new long[] {d, h, m};
    }

    private static String metricText(Map<String, Double> metrics) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            sb.append(e.getKey()).append('=').append(PyFormat.f(e.getValue())).append(",\t");
        }
        return sb.toString();
    }

    private void emit(String line) {
        sink.accept(rank != null ? "Rank[" + PyFormat.d(rank, 3) + "]" + line : line);
    }
}
