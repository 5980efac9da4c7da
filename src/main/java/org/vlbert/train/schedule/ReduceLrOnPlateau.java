package org.vlbert.train.schedule;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code plateau}: {@code torch.optim.lr_scheduler.ReduceLROnPlateau} (PyTorch 1.1) as the reference
 * configures it: mode 'max', factor LR_FACTOR, patience 1, threshold 1e-4 relative, cooldown 2,
 * min_lr 0, eps 1e-8, stepped at the start of every epoch with the validation host metric.
 *
 * <pre>
 * improved  = metric &gt; best·(1 + 1e-4)           (false for NaN; best starts at −∞)
 * if improved: best = metric, bad = 0  else bad += 1
 * if cooldown_counter &gt; 0: cooldown_counter −= 1, bad = 0
 * if bad &gt; patience: every group: new = max(lr·factor, 0); lr = new if lr − new &gt; 1e-8
 *                    cooldown_counter = cooldown, bad = 0
 * </pre>
 *
 * Each group's rate is its base rate after the same sequence of reductions, so the state is the
 * reduction count plus PyTorch's bookkeeping.
 */
public final class ReduceLrOnPlateau implements LrSchedule {
    private final double factor;
    private final int patience;
    private final double threshold;
    private final int cooldown;
    private final double minLr;
    private final double eps;

    private double best = Double.NEGATIVE_INFINITY;
    private int numBadEpochs;
    private int cooldownCounter;
    private int reductions;
    private int lastEpoch = -1;

    /** The reference's configuration with {@code factor = TRAIN.LR_FACTOR}. */
    public ReduceLrOnPlateau(double factor) {
        this(factor, 1, 1e-4, 2, 0.0, 1e-8);
    }

    public ReduceLrOnPlateau(double factor, int patience, double threshold, int cooldown, double minLr, double eps) {
        if (!(factor < 1.0)) {
            throw new ScheduleException("TRAIN.LR_FACTOR must be < 1 for the plateau schedule, got " + factor);
        }
        this.factor = factor;
        this.patience = patience;
        this.threshold = threshold;
        this.cooldown = cooldown;
        this.minLr = minLr;
        this.eps = eps;
    }

    @Override
    public String kind() {
        return "plateau";
    }

    @Override
    public boolean perUpdate() {
        return false;
    }

    @Override
    public void onEpochStart(int epoch, double metric) {
        lastEpoch = epoch;
        if (metric > best * (1.0 + threshold)) {
            best = metric;
            numBadEpochs = 0;
        } else {
            numBadEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            numBadEpochs = 0;
        }
        if (numBadEpochs > patience) {
            reductions++;
            cooldownCounter = cooldown;
            numBadEpochs = 0;
        }
    }

    /** Number of reductions so far. */
    public int reductions() {
        return reductions;
    }

    @Override
    public double lr(double initialLr, long ignoredCounter) {
        double lr = initialLr;
        for (int i = 0; i < reductions; i++) {
            double next = Math.max(lr * factor, minLr);
            if (lr - next > eps) {
                lr = next;
            }
        }
        return lr;
    }

    @Override
    public Map<String, Double> saveState() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("best", best);
        m.put("num_bad_epochs", (double) numBadEpochs);
        m.put("cooldown_counter", (double) cooldownCounter);
        m.put("reductions", (double) reductions);
        m.put("last_epoch", (double) lastEpoch);
        return m;
    }

    @Override
    public void restoreState(Map<String, Double> state) {
        best = require(state, "best");
        numBadEpochs = (int) require(state, "num_bad_epochs");
        cooldownCounter = (int) require(state, "cooldown_counter");
        reductions = (int) require(state, "reductions");
        lastEpoch = (int) require(state, "last_epoch");
    }

    private static double require(Map<String, Double> state, String key) {
        Double v = state.get(key);
        if (v == null) {
            throw new ScheduleException("saved plateau schedule state lacks '" + key + "'");
        }
        return v;
    }
}
