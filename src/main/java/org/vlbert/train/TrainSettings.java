package org.vlbert.train;

import java.util.List;
import org.vlbert.train.optim.LrMult;

/**
 * The TRAIN.* settings the trainer uses, already validated (see the config system for the key
 * names and defaults). {@code lr} is the reference's per-sample learning rate.
 */
public record TrainSettings(
        int beginEpoch,
        int endEpoch,
        String optimizer,
        double lr,
        double momentum,
        double weightDecay,
        String lrSchedule,
        boolean warmup,
        String warmupMethod,
        double warmupFactor,
        long warmupSteps,
        double[] lrStepEpochs,
        double lrFactor,
        double clipGradNorm,
        int gradAccumulateSteps,
        int batchImages,
        int worldSize,
        List<LrMult> lrMults,
        boolean fp16,
        String fp16LossScale,
        int checkpointFrequent,
        long checkpointEverySteps,
        boolean resume,
        boolean autoResume,
        int logFrequent,
        long seed,
        String modelPrefix) {

    /** Updates per optimizer step: the reference's batch scaling (world × batch × accumulation). */
    public int perStepBatch() {
        return worldSize * batchImages * Math.max(1, gradAccumulateSteps);
    }
}
