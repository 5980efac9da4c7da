package org.vlbert.train;

import java.util.Map;

/**
 * The trainer's position and bookkeeping, saved with every checkpoint: the next (epoch, batch) to
 * run, the global batch counter, optimizer updates done, scheduler state, best validation value
 * and the run seed (which, with the step, determines dropout masks and data order), and the fp16
 * loss scale with its clean-step counter (0 when not training in fp16).
 */
public record TrainState(
        int epoch,
        int nextBatch,
        long globalStep,
        long updates,
        Map<String, Double> scheduler,
        int bestEpoch,
        double bestValue,
        long seed,
        double lossScale,
        int lossScaleUnskipped) {

    public TrainState {
        scheduler = Map.copyOf(scheduler);
    }

    public static TrainState fresh(int beginEpoch, long seed) {
        return new TrainState(beginEpoch, 0, 0, 0, Map.of(), -1, -1.0, seed, 0.0, 0);
    }

    TrainState atBatch(int e, int next, long step) {
        return new TrainState(e, next, step, updates, scheduler, bestEpoch, bestValue, seed, lossScale, lossScaleUnskipped);
    }

    TrainState afterUpdate() {
        return new TrainState(epoch, nextBatch, globalStep, updates + 1, scheduler, bestEpoch, bestValue, seed, lossScale, lossScaleUnskipped);
    }

    TrainState nextEpoch(int e) {
        return new TrainState(e, 0, globalStep, updates, scheduler, bestEpoch, bestValue, seed, lossScale, lossScaleUnskipped);
    }

    TrainState withBest(int e, double v) {
        return new TrainState(epoch, nextBatch, globalStep, updates, scheduler, e, v, seed, lossScale, lossScaleUnskipped);
    }

    TrainState withScheduler(Map<String, Double> sched) {
        return new TrainState(epoch, nextBatch, globalStep, updates, sched, bestEpoch, bestValue, seed, lossScale,
                lossScaleUnskipped);
    }

    TrainState withLossScale(double scale, int unskipped) {
        return new TrainState(epoch, nextBatch, globalStep, updates, scheduler, bestEpoch, bestValue, seed, scale,
                unskipped);
    }
}
