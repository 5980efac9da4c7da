package org.vlbert.train.schedule;

/**
 * The reference's learning-rate scaling: {@code TRAIN.LR} is a per-sample rate,
 *
 * <pre>
 * per_step_batch = #GPUs × (Σ BATCH_IMAGES if a list else BATCH_IMAGES) × (A if A &gt; 1)
 * base_lr        = TRAIN.LR × per_step_batch
 * </pre>
 *
 * with {@code #GPUs} = world size (distributed) or the number of ids in {@code GPUS} (single
 * process), and {@code A = GRAD_ACCUMULATE_STEPS}.
 */
public final class LrScaling {
    private LrScaling() {}

    /** The per-update batch the rate is scaled by. */
    public static int perStepBatch(int numGpus, int[] batchImages, int accumulateSteps) {
        if (numGpus < 1) {
            throw new ScheduleException("the number of GPUs/processes must be at least 1, got " + numGpus);
        }
        if (batchImages.length == 0) {
            throw new ScheduleException("TRAIN.BATCH_IMAGES is empty");
        }
        int sum = 0;
        for (int b : batchImages) {
            if (b < 1) {
                throw new ScheduleException("TRAIN.BATCH_IMAGES entries must be at least 1, got " + b);
            }
            sum += b;
        }
        if (accumulateSteps < 1) {
            throw new ScheduleException("TRAIN.GRAD_ACCUMULATE_STEPS must be at least 1, got " + accumulateSteps);
        }
        int batch = numGpus * sum;
        return accumulateSteps > 1 ? batch * accumulateSteps : batch;
    }

    /** {@code TRAIN.LR × perStepBatch}. */
    public static double baseLr(double perSampleLr, int perStepBatch) {
        return perSampleLr * perStepBatch;
    }

    /** Number of ids in a {@code GPUS} string as Python's {@code len(GPUS.split(','))} counts them. */
    public static int gpuCount(String gpus) {
        return gpus.split(",", -1).length;
    }
}
