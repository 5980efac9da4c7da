package org.vlbert.train;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.vlbert.cli.VlbertException;
import org.vlbert.runtime.TensorSlab;
import org.vlbert.train.optim.Adam;
import org.vlbert.train.optim.AdamW;
import org.vlbert.train.optim.GradClipper;
import org.vlbert.train.optim.Optimizer;
import org.vlbert.train.optim.Param;
import org.vlbert.train.optim.ParamGroup;
import org.vlbert.train.optim.ParamGroups;
import org.vlbert.train.optim.SGD;
import org.vlbert.train.schedule.LrSchedule;
import org.vlbert.train.schedule.LrScaling;
import org.vlbert.train.schedule.LrScheduler;
import org.vlbert.train.schedule.ReduceLrOnPlateau;
import org.vlbert.train.schedule.UpdateCounts;
import org.vlbert.train.schedule.WarmupLinearSchedule;
import org.vlbert.train.schedule.WarmupMethod;
import org.vlbert.train.schedule.WarmupMultiStepSchedule;

/**
 * One optimizer update in the reference order (training.md §7): step the LR schedule, clip the
 * global gradient norm, apply the optimizer in place on the parameter slab. Built from the
 * TRAIN settings: parameter groups (LR_MULT), base LR scaling, optimizer and schedule.
 */
public final class ParameterUpdater {
    private final List<ParamGroup> groups;
    /** The gradients clipping reads, in group order (the order the norm is summed in). */
    private final List<FloatBuffer> gradBuffers;
    private final Optimizer optimizer;
    private final GradClipper clipper;
    private final TrainSettings settings;
    private final int batchesPerEpoch;
    private final LrScheduler scheduler;

    /**
     * @param params   parameter values (updated in place)
     * @param grads    gradients the optimizer reads (the runner's slab, or an accumulation slab)
     * @param trainable names of parameters that train (others are frozen)
     */
    public ParameterUpdater(TrainSettings s, TensorSlab params, TensorSlab grads, Set<String> trainable,
                            int batchesPerEpoch) {
        this.settings = s;
        this.batchesPerEpoch = batchesPerEpoch;
        List<Param> plist = new ArrayList<>();
        for (String name : params.slots().keySet()) {
            plist.add(trainable.contains(name) ? new Param(name, params.floats(name), grads.floats(name))
                    : Param.frozen(name, params.floats(name)));
        }
        double baseLr = LrScaling.baseLr(s.lr(), s.perStepBatch());
        this.groups = ParamGroups.build(plist, s.lrMults(), baseLr, s.weightDecay());
        this.gradBuffers = ParamGroups.grads(groups);
        this.optimizer = switch (s.optimizer()) {
            case "AdamW" -> new AdamW(groups);
            case "Adam" -> new Adam(groups);
            case "SGD" -> new SGD(groups, s.momentum());
            default -> throw new VlbertException("TRAIN.OPTIMIZER '" + s.optimizer()
                    + "' is not supported; use SGD, Adam or AdamW");
        };
        this.clipper = s.clipGradNorm() > 0 ? new GradClipper(s.clipGradNorm()) : null;
        this.scheduler = new LrScheduler(schedule(), groups,
                UpdateCounts.updatesBefore(s.beginEpoch(), batchesPerEpoch, accumulation()));
    }

    private int accumulation() {
        return Math.max(1, settings.gradAccumulateSteps());
    }

    private LrSchedule schedule() {
        TrainSettings s = settings;
        int a = accumulation();
        long warmupSteps = s.warmup() ? s.warmupSteps() : 0;
        return switch (s.lrSchedule()) {
            case "triangle" -> new WarmupLinearSchedule(warmupSteps,
                    UpdateCounts.totalUpdates(s.endEpoch(), batchesPerEpoch, a));
            case "step" -> new WarmupMultiStepSchedule(UpdateCounts.milestones(s.lrStepEpochs(), batchesPerEpoch, a),
                    s.lrFactor(), s.warmupFactor(), warmupSteps, WarmupMethod.parse(s.warmupMethod()));
            case "plateau" -> new ReduceLrOnPlateau(s.lrFactor());
            default -> throw new VlbertException("TRAIN.LR_SCHEDULE '" + s.lrSchedule()
                    + "' is not supported; use triangle, step or plateau");
        };
    }

    /** Schedules, clips and applies one update; returns the clipping result (null without clipping). */
    public GradClipper.Result update() {
        scheduler.beforeUpdate();
        GradClipper.Result c = null;
        if (clipper != null) {
            c = clipper.clip(gradBuffers);
            if (!c.finite()) {
                throw new VlbertException("the gradient norm became " + c.totalNorm()
                        + "; stopping (the last good checkpoint is kept)");
            }
        }
        optimizer.step();
        return c;
    }

    /**
     * An update whose gradients overflowed (fp16): the schedule still advances, as the reference's
     * scheduler step precedes apex's skipped optimizer step; parameters stay unchanged.
     */
    public void skip() {
        scheduler.beforeUpdate();
    }

    public List<ParamGroup> groups() {
        return groups;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public LrScheduler scheduler() {
        return scheduler;
    }

    public double currentLr() {
        return groups.get(0).lr();
    }
}
