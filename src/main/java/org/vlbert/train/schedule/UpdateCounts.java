package org.vlbert.train.schedule;

/**
 * Epoch-to-update conversions of the reference: {@code int(epochs · L / A)} with {@code L} batches
 * per epoch (per process) and {@code A = GRAD_ACCUMULATE_STEPS}, evaluated in double and truncated
 * like Python's {@code int()}.
 */
public final class UpdateCounts {
    private UpdateCounts() {}

    /** {@code int(epochs · batchesPerEpoch / accumulateSteps)}. */
    public static long at(double epochs, int batchesPerEpoch, int accumulateSteps) {
        if (batchesPerEpoch < 0) {
            throw new ScheduleException("batches per epoch must be non-negative, got " + batchesPerEpoch);
        }
        if (accumulateSteps < 1) {
            throw new ScheduleException("TRAIN.GRAD_ACCUMULATE_STEPS must be at least 1, got " + accumulateSteps);
        }
        return (long) (epochs * batchesPerEpoch / accumulateSteps);
    }

    /** Triangle length {@code T = int(END_EPOCH · L / A)}. */
    public static long totalUpdates(int endEpoch, int batchesPerEpoch, int accumulateSteps) {
        return at(endEpoch, batchesPerEpoch, accumulateSteps);
    }

    /**
     * Updates done before {@code BEGIN_EPOCH}: {@code int(BEGIN_EPOCH · L / A)} (the reference builds
     * its scheduler with {@code last_epoch} one less than this).
     */
    public static long updatesBefore(int beginEpoch, int batchesPerEpoch, int accumulateSteps) {
        return at(beginEpoch, batchesPerEpoch, accumulateSteps);
    }

    /** Step milestones in updates from {@code TRAIN.LR_STEP} epochs. */
    public static long[] milestones(double[] lrStepEpochs, int batchesPerEpoch, int accumulateSteps) {
        long[] out = new long[lrStepEpochs.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = at(lrStepEpochs[i], batchesPerEpoch, accumulateSteps);
        }
        return out;
    }
}
