package org.vlbert.train.schedule;

/**
 * {@code triangle}: the reference's {@code WarmupLinearSchedule} (a LambdaLR), lr = initialLr·λ(s):
 *
 * <pre>
 * λ(s) = s / max(1, W)                       if s &lt; W
 * λ(s) = max(0, (T − s) / max(1, T − W))     otherwise
 * </pre>
 *
 * with {@code W = WARMUP_STEPS if WARMUP else 0} and {@code T = int(END_EPOCH·L/A)}.
 * {@code WARMUP_FACTOR} and {@code WARMUP_METHOD} do not apply.
 */
public final class WarmupLinearSchedule implements LrSchedule {
    private final long warmupSteps;
    private final long totalSteps;

    public WarmupLinearSchedule(long warmupSteps, long totalSteps) {
        if (warmupSteps < 0) {
            throw new ScheduleException("TRAIN.WARMUP_STEPS must be non-negative, got " + warmupSteps);
        }
        this.warmupSteps = warmupSteps;
        this.totalSteps = totalSteps;
    }

    @Override
    public String kind() {
        return "triangle";
    }

    public long warmupSteps() {
        return warmupSteps;
    }

    public long totalSteps() {
        return totalSteps;
    }

    /** λ(s), in double as Python computes it. */
    public double lambda(long s) {
        if (s < warmupSteps) {
            return (double) s / (double) Math.max(1, warmupSteps);
        }
        return Math.max(0.0, (double) (totalSteps - s) / Math.max(1.0, (double) (totalSteps - warmupSteps)));
    }

    @Override
    public double lr(double initialLr, long s) {
        return initialLr * lambda(s);
    }
}
