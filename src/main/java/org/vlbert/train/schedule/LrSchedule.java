package org.vlbert.train.schedule;

import java.util.Map;

/**
 * A learning-rate schedule of the reference ({@code TRAIN.LR_SCHEDULE}).
 *
 * <p>{@link #lr(double, long)} gives the rate of a parameter group with base rate
 * {@code initialLr} at scheduler counter {@code s} (PyTorch's {@code last_epoch}). Which counter an
 * update uses is decided by {@link LrScheduler}. Schedules driven by validation results
 * ({@code plateau}) ignore the counter and change on {@link #onEpochStart(int, double)}.
 */
public interface LrSchedule {
    /** {@code "triangle"}, {@code "step"} or {@code "plateau"}. */
    String kind();

    /** The learning rate of a group whose base rate is {@code initialLr}, at counter {@code s}. */
    double lr(double initialLr, long s);

    /** Whether the schedule advances once per optimizer update (false: only at epoch starts). */
    default boolean perUpdate() {
        return true;
    }

    /**
     * Called at the start of every epoch with the current validation host metric (NaN before the
     * first validation). Only {@code plateau} reacts.
     */
    default void onEpochStart(int epoch, double hostMetric) {}

    /** Mutable state to checkpoint (empty for pure functions of the counter). Values may be ±Infinity. */
    default Map<String, Double> saveState() {
        return Map.of();
    }

    /** Restores what {@link #saveState()} returned. */
    default void restoreState(Map<String, Double> state) {}
}
