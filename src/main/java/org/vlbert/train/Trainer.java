package org.vlbert.train;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.vlbert.cli.VlbertException;
import org.vlbert.graphs.compile.TaskCompiler;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.monitor.BatchTimings;
import org.vlbert.monitor.ProgressBar;
import org.vlbert.monitor.Speedometer;
import org.vlbert.monitor.TfEventsWriter;
import org.vlbert.runtime.TaskRunner;
import org.vlbert.runtime.TensorSlab;
import org.vlbert.train.optim.DynamicLossScaler;
import org.vlbert.train.optim.GradClipper;

/**
 * The training loop of the reference trainer (training.md §7) over a {@link TaskRunner}:
 * epochs, gradient accumulation on the global batch counter, LR schedule stepped before each
 * update, global-norm clipping, optimizer update in place on the parameter slab, metrics,
 * speedometer and TensorBoard, validation each epoch with best-model tracking, checkpoints
 * (every CHECKPOINT_FREQUENT epochs and optionally every N steps) and exact resume.
 */
public final class Trainer {
    private final TrainSettings s;
    private final TaskRunner runner;
    private final TensorSlab params;
    private final TensorSlab grads;
    private final TensorSlab accum;
    private final BatchStream train;
    private final BatchStream val;
    private final TaskMetrics trainMetrics;
    private final TaskMetrics valMetrics;
    private final CheckpointStore checkpoints;
    private final TfEventsWriter tensorboard;
    private final Consumer<String> log;
    private final ParameterUpdater updater;
    private final int batchesPerEpoch;
    private final DynamicLossScaler scaler;
    private final List<FloatBuffer> gradChunks = new ArrayList<>();

    private TrainState state;

    /** What {@link #run()} returns: the final state and the last losses seen. */
    public record Summary(TrainState state, List<Float> losses, Map<String, Double> lastValidation) {}

    public Trainer(TrainSettings settings, TaskRunner runner, TensorSlab params, TensorSlab grads, BatchStream train,
                   BatchStream val, TaskMetrics trainMetrics, TaskMetrics valMetrics, CheckpointStore checkpoints,
                   TfEventsWriter tensorboard, Consumer<String> log) {
        this.s = settings;
        this.runner = runner;
        this.params = params;
        this.grads = grads;
        this.accum = settings.gradAccumulateSteps() > 1 ? params.sameLayout() : null;
        this.train = train;
        this.val = val;
        this.trainMetrics = trainMetrics;
        this.valMetrics = valMetrics;
        this.checkpoints = checkpoints;
        this.tensorboard = tensorboard;
        this.log = log;
        this.batchesPerEpoch = train.batchesPerEpoch();
        if (batchesPerEpoch <= 0) {
            throw new VlbertException("the training data yields no batches; check DATASET paths and TRAIN.BATCH_IMAGES");
        }
        TensorSlab gradSource = accum != null ? accum : grads;
        java.util.Set<String> trainable = new java.util.HashSet<>();
        runner.task().params().stream().filter(org.vlbert.graphs.ir.Param::trainable)
                .forEach(p -> trainable.add(p.name()));
        this.updater = new ParameterUpdater(settings, params, gradSource, trainable, batchesPerEpoch);
        this.scaler = settings.fp16() ? DynamicLossScaler.fromConfig(settings.fp16LossScale(), null, null) : null;
        for (int c = 0; c < grads.chunkCount(); c++) {
            gradChunks.add(grads.chunk(c));
        }
    }

    /** Runs (or resumes) training up to END_EPOCH. */
    public Summary run() {
        int a = Math.max(1, s.gradAccumulateSteps());
        Optional<CheckpointStore.Loaded> resumed = s.resume() || s.autoResume() ? checkpoints.loadLatest() : Optional.empty();
        if (resumed.isPresent()) {
            CheckpointStore.Loaded l = resumed.get();
            params.copyFromHost(l.params());
            updater.optimizer().importState(l.optimizer());
            state = l.state();
            updater.scheduler().restoreState(state.scheduler());
            if (scaler != null && state.lossScale() > 0) {
                scaler.restore(state.lossScale(), state.lossScaleUnskipped());
            }
            log.accept("resumed from " + l.source() + " at epoch " + state.epoch() + " batch " + state.nextBatch()
                    + " (global step " + state.globalStep() + ")");
        } else {
            state = TrainState.fresh(s.beginEpoch(), s.seed());
        }
        List<Float> losses = new ArrayList<>();
        boolean overflowInWindow = false;
        Map<String, Double> lastVal = Map.of();
        Speedometer speed = new Speedometer(train.batchSize(), Math.max(1, s.logFrequent()), batchesPerEpoch,
                s.endEpoch() - s.beginEpoch(), null, log::accept);
        while (state.epoch() < s.endEpoch()) {
            int epoch = state.epoch();
            log.accept(String.format("PROGRESS: %.2f%%", 100.0 * epoch / s.endEpoch()));
            if (state.nextBatch() == 0) {
                trainMetrics.reset();
            }
            updater.scheduler().onEpochStart(epoch, state.bestValue());
            ProgressBar bar = ProgressBar.forConsole("epoch " + epoch, batchesPerEpoch);
            Iterator<Map<String, HostTensor>> it = train.epoch(epoch, state.nextBatch());
            for (int nbatch = state.nextBatch(); nbatch < batchesPerEpoch; nbatch++) {
                long t0 = System.nanoTime();
                if (!it.hasNext()) {
                    throw new VlbertException("the training data ended after " + nbatch + " of " + batchesPerEpoch
                            + " batches in epoch " + epoch);
                }
                Map<String, HostTensor> batch = it.next();
                long t1 = System.nanoTime();
                long step = (long) batchesPerEpoch * epoch + nbatch;
                if (scaler != null) {
                    batch = new LinkedHashMap<>(batch);
                    batch.put(TaskCompiler.LOSS_SCALE, HostTensor.scalar((float) scaler.lossScale()));
                }
                TaskRunner.StepOutput out = runner.trainStep(batch, state.seed(), step);
                long t2 = System.nanoTime();
                if (!Float.isFinite(out.loss()) && scaler == null) {
                    throw new VlbertException("the training loss became " + out.loss() + " at epoch " + epoch
                            + " batch " + nbatch + " (global step " + step + "); stopping. The last good checkpoint"
                            + " is kept; lower TRAIN.LR or enable TRAIN.CLIP_GRAD_NORM and resume");
                }
                float loss = out.loss() / a;
                losses.add(loss);
                boolean overflow = false;
                if (scaler != null) {
                    tensorboard.addScalar("Loss-Scale", scaler.lossScale(), step);
                    overflow = scaler.unscale(gradChunks);
                    if (scaler.update(overflow)) {
                        log.accept("gradient overflow at global step " + step + ": skipping this update, loss scale"
                                + " now " + scaler.lossScale());
                    }
                    overflowInWindow |= overflow;
                    state = state.withLossScale(scaler.lossScale(), scaler.unskipped());
                }
                if (accum != null && !overflow) {
                    addScaled(accum, grads, 1f / a);
                }
                if ((step + 1) % a == 0) {
                    if (overflowInWindow) {
                        updater.skip();
                        overflowInWindow = false;
                    } else {
                        GradClipper.Result c = updater.update();
                        if (c != null) {
                            tensorboard.addScalar("grad-para/Total-Norm", c.totalNorm(), step);
                        }
                        state = state.afterUpdate();
                    }
                    if (accum != null) {
                        accum.zero();
                    }
                }
                long t3 = System.nanoTime();
                trainMetrics.update(batch, out.outputs());
                long t4 = System.nanoTime();
                state = state.atBatch(epoch, nbatch + 1, step + 1);
                Map<String, Double> m = trainMetrics.values();
                tensorboard.addScalar("Train-Loss", loss, step);
                tensorboard.addScalar("LR/Group_0", updater.currentLr(), step);
                m.forEach((k, v) -> tensorboard.addScalar("Train-" + k, v, step));
                speed.onBatchEnd(epoch, nbatch, new BatchTimings(sec(t1 - t0), 0, sec(t2 - t1), 0, sec(t3 - t2),
                        sec(t4 - t3)), m);
                bar.update(nbatch + 1);
                if (s.checkpointEverySteps() > 0 && (step + 1) % s.checkpointEverySteps() == 0
                        && nbatch + 1 < batchesPerEpoch) {
                    save("step " + (step + 1), false);
                }
            }
            bar.finish(batchesPerEpoch);
            lastVal = validate(epoch);
            state = state.nextEpoch(epoch + 1);
            if ((epoch + 1) % Math.max(1, s.checkpointFrequent()) == 0 || epoch + 1 == s.endEpoch()) {
                save("epoch " + epoch, state.bestEpoch() == epoch);
            }
        }
        tensorboard.flush();
        return new Summary(state, losses, lastVal);
    }

    private Map<String, Double> validate(int epoch) {
        if (val == null) {
            return Map.of();
        }
        valMetrics.reset();
        Iterator<Map<String, HostTensor>> it = val.epoch(0, 0);
        while (it.hasNext()) {
            Map<String, HostTensor> batch = it.next();
            TaskRunner.StepOutput out = runner.evaluate(batch, new java.util.LinkedHashSet<>(runner.task().outputs()));
            valMetrics.update(batch, out.outputs());
        }
        Map<String, Double> v = new LinkedHashMap<>(valMetrics.values());
        StringBuilder line = new StringBuilder("Epoch[" + epoch + "] ");
        v.forEach((k, x) -> {
            line.append("\tVal-").append(k).append('=').append(x).append(",");
            tensorboard.addScalar("Val-" + k, x, epoch + 1);
        });
        log.accept(line.toString());
        Double host = v.get(valMetrics.hostMetric());
        if (host != null && host > state.bestValue()) {
            state = state.withBest(epoch, host);
        }
        log.accept("Best Val " + valMetrics.hostMetric() + ": " + state.bestValue() + ", Epoch: " + state.bestEpoch());
        return v;
    }

    private void save(String why, boolean best) {
        state = state.withScheduler(updater.scheduler().saveState());
        checkpoints.save(state, params, updater.optimizer().exportState(), best);
        log.accept("checkpoint saved (" + why + ")");
    }

    private static void addScaled(TensorSlab dst, TensorSlab src, float k) {
        for (int c = 0; c < dst.chunkCount(); c++) {
            FloatBuffer d = dst.chunk(c);
            FloatBuffer g = src.chunk(c);
            for (int i = 0; i < d.capacity(); i++) {
                d.put(i, d.get(i) + g.get(i) * k);
            }
        }
    }

    private static double sec(long nanos) {
        return nanos / 1e9;
    }
}
