package org.vlbert.train.schedule;

import java.util.Arrays;

/**
 * {@code step}: the reference's {@code WarmupMultiStepLR} (from maskrcnn-benchmark):
 *
 * <pre>
 * f_warm = 1
 * if s &lt; W:  constant: f_warm = WARMUP_FACTOR
 *            linear:   α = s/W, f_warm = WARMUP_FACTOR·(1 − α) + α
 * lr = initialLr · f_warm · LR_FACTOR^(number of milestones ≤ s)
 * </pre>
 *
 * with milestones {@code int(LR_STEP_i·L/A)} (non-decreasing) and {@code W = WARMUP_STEPS if
 * WARMUP else 0}.
 */
public final class WarmupMultiStepSchedule implements LrSchedule {
    private final long[] milestones;
    private final double gamma;
    private final double warmupFactor;
    private final long warmupSteps;
    private final WarmupMethod method;

    public WarmupMultiStepSchedule(long[] milestones, double gamma, double warmupFactor, long warmupSteps,
            WarmupMethod method) {
        for (int i = 1; i < milestones.length; i++) {
            if (milestones[i] < milestones[i - 1]) {
                throw new ScheduleException("TRAIN.LR_STEP must be non-decreasing, got milestones (in updates) "
                        + Arrays.toString(milestones));
            }
        }
        if (warmupSteps < 0) {
            throw new ScheduleException("TRAIN.WARMUP_STEPS must be non-negative, got " + warmupSteps);
        }
        this.milestones = milestones.clone();
        this.gamma = gamma;
        this.warmupFactor = warmupFactor;
        this.warmupSteps = warmupSteps;
        this.method = method;
    }

    @Override
    public String kind() {
        return "step";
    }

    public long[] milestones() {
        return milestones.clone();
    }

    /** Python's {@code bisect_right(milestones, s)}: how many milestones are ≤ s. */
    int passedMilestones(long s) {
        int k = 0;
        while (k < milestones.length && milestones[k] <= s) {
            k++;
        }
        return k;
    }

    double warmup(long s) {
        if (s >= warmupSteps) {
            return 1.0;
        }
        if (method == WarmupMethod.CONSTANT) {
            return warmupFactor;
        }
        double alpha = (double) s / warmupSteps;
        return warmupFactor * (1 - alpha) + alpha;
    }

    @Override
    public double lr(double initialLr, long s) {
        return initialLr * warmup(s) * StrictMath.pow(gamma, passedMilestones(s));
    }
}
