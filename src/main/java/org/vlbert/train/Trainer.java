package org.vlbert.train;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.vlbert.cli.VlbertException;
import org.vlbert.graphs.compile.TaskCompiler;
import org.vlbert.data.load.Seeds;
import org.vlbert.dist.Collective;
import org.vlbert.dist.CollectiveException;
import org.vlbert.dist.CollectiveTimeoutException;
import org.vlbert.dist.SingleProcess;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.monitor.BatchTimings;
import org.vlbert.monitor.ProgressBar;
import org.vlbert.monitor.Speedometer;
import org.vlbert.monitor.TfEventsWriter;
import org.vlbert.runtime.TaskRunner;
import org.vlbert.runtime.TensorSlab;
import org.vlbert.train.optim.DynamicLossScaler;
import org.vlbert.train.optim.FloatBuffers;
import org.vlbert.train.optim.GradClipper;

/**
 * The training loop of the reference trainer (training.md §7) over a {@link TaskRunner}:
 * epochs, gradient accumulation on the global batch counter, LR schedule stepped before each
 * update, global-norm clipping, optimizer update in place on the parameter slab, metrics,
 * speedometer and TensorBoard, validation each epoch with best-model tracking, checkpoints
 * (every CHECKPOINT_FREQUENT epochs and optionally every N steps) and exact resume.
 *
 * <p>Distributed (world &gt; 1, training.md §9.2): each rank trains on its own data shard; the
 * accumulated gradients of each optimizer step are averaged across ranks and every rank applies
 * the same update; rank 0's start state (fresh or resumed, optimizer included) is copied to all
 * ranks first; training and validation metrics are summed across ranks; only rank 0 writes
 * checkpoints and TensorBoard. Dropout masks are drawn per rank (the run seed mixed with the rank).
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
    private final Collective collective;
    private final GradientAverager gradients;
    private final float[] accumScratch = FloatBuffers.scratch();
    private final float[] gradScratch = FloatBuffers.scratch();

    private TrainState state;

    /** What {@link #run()} returns: the final state and the last losses seen. */
    public record Summary(TrainState state, List<Float> losses, Map<String, Double> lastValidation) {}

    /** A single-process trainer. */
    public Trainer(TrainSettings settings, TaskRunner runner, TensorSlab params, TensorSlab grads, BatchStream train,
                   BatchStream val, TaskMetrics trainMetrics, TaskMetrics valMetrics, CheckpointStore checkpoints,
                   TfEventsWriter tensorboard, Consumer<String> log) {
        this(settings, runner, params, grads, train, val, trainMetrics, valMetrics, checkpoints, tensorboard, log,
                new SingleProcess());
    }

    /**
     * A trainer that is one rank of {@code collective}. {@code train} and {@code val} must be this
     * rank's shards; {@code checkpoints} and {@code tensorboard} are used by rank 0 only (others
     * may pass a store that is never written and a null writer).
     */
    public Trainer(TrainSettings settings, TaskRunner runner, TensorSlab params, TensorSlab grads, BatchStream train,
                   BatchStream val, TaskMetrics trainMetrics, TaskMetrics valMetrics, CheckpointStore checkpoints,
                   TfEventsWriter tensorboard, Consumer<String> log, Collective collective) {
        if (settings.worldSize() != collective.worldSize()) {
            throw new IllegalArgumentException("TrainSettings.worldSize " + settings.worldSize()
                    + " differs from the collective's world size " + collective.worldSize());
        }
        this.collective = collective;
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
        Set<String> trainable = runner.task().trainableNames();
        this.updater = new ParameterUpdater(settings, params, gradSource, trainable, batchesPerEpoch);
        this.scaler = settings.fp16() ? DynamicLossScaler.fromConfig(settings.fp16LossScale(), null, null) : null;
        for (int c = 0; c < grads.chunkCount(); c++) {
            gradChunks.add(grads.chunk(c));
        }
        this.gradients = new GradientAverager(collective, gradSource, trainable);
    }

    /** Runs (or resumes) training up to END_EPOCH. */
    public Summary run() {
        int a = Math.max(1, s.gradAccumulateSteps());
        start();
        long dropoutSeed = distributed() ? Seeds.mix(state.seed(), collective.rank()) : state.seed();
        List<Float> losses = new ArrayList<>();
        boolean overflowInWindow = false;
        Map<String, Double> lastVal = Map.of();
        Speedometer speed = new Speedometer(train.batchSize(), Math.max(1, s.logFrequent()), batchesPerEpoch,
                s.endEpoch() - s.beginEpoch(), distributed() ? collective.rank() : null, log::accept);
        long firstStep = firstStepOf(state.epoch());
        while (state.epoch() < s.endEpoch()) {
            int epoch = state.epoch();
            int inEpoch = train.batchesInEpoch(epoch);
            log.accept(String.format("PROGRESS: %.2f%%", 100.0 * epoch / s.endEpoch()));
            if (state.nextBatch() == 0) {
                trainMetrics.reset();
            }
            updater.scheduler().onEpochStart(epoch, state.bestValue());
            ProgressBar bar = ProgressBar.forConsole(distributed() ? "rank " + collective.rank() + " epoch " + epoch
                    : "epoch " + epoch, inEpoch);
            Iterator<Map<String, HostTensor>> it = train.epoch(epoch, state.nextBatch());
            for (int nbatch = state.nextBatch(); nbatch < inEpoch; nbatch++) {
                long t0 = System.nanoTime();
                if (!it.hasNext()) {
                    throw new VlbertException("the training data ended after " + nbatch + " of " + inEpoch
                            + " batches in epoch " + epoch);
                }
                Map<String, HostTensor> batch = it.next();
                long t1 = System.nanoTime();
                long step = firstStep + nbatch;
                if (scaler != null) {
                    batch = new LinkedHashMap<>(batch);
                    batch.put(TaskCompiler.LOSS_SCALE, HostTensor.scalar((float) scaler.lossScale()));
                }
                TaskRunner.StepOutput out = runner.trainStep(batch, dropoutSeed, step, trainMetrics.outputs());
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
                    scalar("Loss-Scale", scaler.lossScale(), step);
                    boolean local = scaler.unscale(gradChunks);
                    // Every rank takes the same decision (and keeps the same scale): overflow anywhere skips.
                    overflow = distributed() ? synced("agreeing on fp16 overflow at global step " + step,
                            () -> collective.sum(local ? 1 : 0))[0] > 0 : local;
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
                        synced("averaging the gradients across ranks at epoch " + epoch + " batch " + nbatch
                                + " (global step " + step + ")", gradients::average);
                        GradClipper.Result c = updater.update();
                        if (c != null) {
                            scalar("grad-para/Total-Norm", c.totalNorm(), step);
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
                Map<String, Double> m = reduced(trainMetrics, "summing the training metrics across ranks at epoch "
                        + epoch + " batch " + nbatch);
                scalar("Train-Loss", loss, step);
                scalar("LR/Group_0", updater.currentLr(), step);
                m.forEach((k, v) -> scalar("Train-" + k, v, step));
                speed.onBatchEnd(epoch, nbatch, new BatchTimings(sec(t1 - t0), 0, sec(t2 - t1), 0, sec(t3 - t2),
                        sec(t4 - t3)), m);
                bar.update(nbatch + 1);
                if (s.checkpointEverySteps() > 0 && (step + 1) % s.checkpointEverySteps() == 0
                        && nbatch + 1 < inEpoch) {
                    save("step " + (step + 1), false);
                }
            }
            bar.finish(inEpoch);
            lastVal = validate(epoch);
            state = state.nextEpoch(epoch + 1);
            firstStep += inEpoch;
            if ((epoch + 1) % Math.max(1, s.checkpointFrequent()) == 0 || epoch + 1 == s.endEpoch()) {
                save("epoch " + epoch, state.bestEpoch() == epoch);
            }
        }
        if (tensorboard != null) {
            tensorboard.flush();
        }
        return new Summary(state, losses, lastVal);
    }

    /**
     * The global step of the first batch of {@code epoch}: the batches of all earlier epochs. With
     * a fixed count per epoch this is the reference's {@code len(train_loader) * epoch}; when
     * grouped batches make the count vary, the reference multiplies the current epoch's count, which
     * repeats or skips step numbers, while counting the batches run keeps steps unique and increasing.
     */
    private long firstStepOf(int epoch) {
        long n = 0;
        for (int e = 0; e < epoch; e++) {
            n += train.batchesInEpoch(e);
        }
        return n;
    }

    private boolean distributed() {
        return collective.worldSize() > 1;
    }

    /**
     * Sets the start state: rank 0 resumes from the newest checkpoint (if resuming) or starts
     * fresh, then every rank receives rank 0's state, parameters and optimizer state.
     */
    private void start() {
        Optional<CheckpointStore.Loaded> resumed = collective.isRoot() && (s.resume() || s.autoResume())
                ? checkpoints.loadLatest() : Optional.empty();
        String source = null;
        if (resumed.isPresent()) {
            CheckpointStore.Loaded l = resumed.get();
            params.copyFromHost(l.params());
            updater.optimizer().importState(l.optimizer());
            state = l.state();
            source = l.source();
        } else {
            state = TrainState.fresh(s.beginEpoch(), s.seed());
        }
        if (distributed()) {
            TrainState rootState = state;
            String rootSource = source;
            StartState.Shared shared = synced("copying rank 0's start state (parameters, optimizer, position) to every"
                    + " rank", () -> StartState.share(collective, rootState, rootSource, params, updater.optimizer()));
            state = shared.state();
            source = shared.source();
            log.accept(String.format("rank %d of %d: start state from rank 0 (%s); gradients averaged over %,d floats"
                    + " in %d buckets", collective.rank(), collective.worldSize(), source == null ? "fresh" : "resumed",
                    gradients.floats(), gradients.bucketCount()));
        }
        if (source != null) {
            updater.scheduler().restoreState(state.scheduler());
            if (scaler != null && state.lossScale() > 0) {
                scaler.restore(state.lossScale(), state.lossScaleUnskipped());
            }
            log.accept("resumed from " + source + " at epoch " + state.epoch() + " batch " + state.nextBatch()
                    + " (global step " + state.globalStep() + ")");
        }
    }

    /** Metric values summed over ranks (the reference all-reduces sum and count on every read). */
    private Map<String, Double> reduced(TaskMetrics m, String what) {
        if (!distributed()) {
            return m.values();
        }
        return m.valuesOf(synced(what, () -> collective.sum(m.sums())));
    }

    private void scalar(String tag, double value, long step) {
        if (tensorboard != null && collective.isRoot()) {
            tensorboard.addScalar(tag, value, step);
        }
    }

    private void synced(String what, Runnable op) {
        synced(what, () -> {
            op.run();
            return null;
        });
    }

    /** Runs a collective step, naming it in the error if a peer fails or hangs. */
    private static <T> T synced(String what, Supplier<T> op) {
        try {
            return op.get();
        } catch (CollectiveTimeoutException e) {
            throw new CollectiveTimeoutException("watchdog: " + what + " timed out: " + e.getMessage());
        } catch (CollectiveException e) {
            throw new CollectiveException(what + " failed: " + e.getMessage(), e);
        }
    }

    private Map<String, Double> validate(int epoch) {
        if (val == null) {
            return Map.of();
        }
        valMetrics.reset();
        Iterator<Map<String, HostTensor>> it = val.epoch(0, 0);
        while (it.hasNext()) {
            Map<String, HostTensor> batch = it.next();
            TaskRunner.StepOutput out = runner.evaluate(batch, validationOutputs(batch));
            valMetrics.update(batch, out.outputs());
        }
        Map<String, Double> v = new LinkedHashMap<>(reduced(valMetrics, "summing the validation metrics across ranks"
                + " after epoch " + epoch));
        StringBuilder line = new StringBuilder("Epoch[" + epoch + "] ");
        v.forEach((k, x) -> {
            line.append("\tVal-").append(k).append('=').append(x).append(",");
            scalar("Val-" + k, x, epoch + 1);
        });
        log.accept(line.toString());
        Double host = v.get(valMetrics.hostMetric());
        if (host != null && host > state.bestValue()) {
            state = state.withBest(epoch, host);
        }
        log.accept("Best Val " + valMetrics.hostMetric() + ": " + state.bestValue() + ", Epoch: " + state.bestEpoch());
        return v;
    }

    /**
     * The outputs the validation metrics read: task outputs, and loss terms (for loss loggers)
     * only when the batch carries the labels they need.
     */
    private Set<String> validationOutputs(Map<String, HostTensor> batch) {
        Set<String> available = new LinkedHashSet<>(runner.task().outputs());
        boolean labelled = runner.task().batchInputs().stream().filter(i -> i.trainingOnly())
                .allMatch(i -> batch.containsKey(i.name()));
        if (labelled) {
            available.addAll(runner.task().lossTerms());
        }
        available.retainAll(valMetrics.outputs());
        return available;
    }

    private void save(String why, boolean best) {
        state = state.withScheduler(updater.scheduler().saveState());
        if (collective.isRoot()) {
            checkpoints.save(state, params, updater.optimizer().exportState(), best);
            log.accept("checkpoint saved (" + why + ")");
        }
    }

    /** dst += k * src, chunk by chunk through the reusable scratch arrays (bulk copies, vectorisable loop). */
    private void addScaled(TensorSlab dst, TensorSlab src, float k) {
        float[] a = accumScratch;
        float[] b = gradScratch;
        for (int c = 0; c < dst.chunkCount(); c++) {
            FloatBuffer d = dst.chunk(c);
            FloatBuffer g = src.chunk(c);
            int n = d.capacity();
            for (int off = 0; off < n; off += a.length) {
                int len = Math.min(a.length, n - off);
                d.get(off, a, 0, len);
                g.get(off, b, 0, len);
                for (int i = 0; i < len; i++) {
                    a[i] += b[i] * k;
                }
                d.put(off, a, 0, len);
            }
        }
    }

    private static double sec(long nanos) {
        return nanos / 1e9;
    }
}
