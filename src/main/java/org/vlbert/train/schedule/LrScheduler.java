package org.vlbert.train.schedule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vlbert.train.optim.ParamGroup;

/**
 * Drives an {@link LrSchedule}: keeps the scheduler counter {@code s} and writes each group's
 * current rate into its {@link ParamGroup}.
 *
 * <p>Counter convention (training.md §6.1, the canonical choice): construction sets
 * {@code s = updatesDone} (0 for a fresh run, {@link UpdateCounts#updatesBefore} after a resume)
 * and applies λ(s); {@link #beforeUpdate()} — called once per optimizer update, <em>before</em> the
 * optimizer step, as the reference trainer does — increments {@code s} first. So update {@code g}
 * (0-based, counted from the very start of training) uses λ(g+1), fresh or resumed: e.g. with linear
 * warm-up from 0 the first update already has {@code base_lr/W}. This is PyTorch ≥ 1.4 (and 1.1 on a
 * fresh run); PyTorch 1.1's one-step shift after a resume is deliberately not reproduced.
 */
public final class LrScheduler {
    private final LrSchedule schedule;
    private final List<ParamGroup> groups;
    private long counter;

    public LrScheduler(LrSchedule schedule, List<ParamGroup> groups, long updatesDone) {
        if (updatesDone < 0) {
            throw new ScheduleException("updates done must be non-negative, got " + updatesDone);
        }
        this.schedule = schedule;
        this.groups = List.copyOf(groups);
        this.counter = updatesDone;
        apply();
    }

    public LrSchedule schedule() {
        return schedule;
    }

    /** The scheduler counter {@code s} the current rates were computed for. */
    public long counter() {
        return counter;
    }

    /** Advances to the next update (per-update schedules only) and sets the group rates. */
    public void beforeUpdate() {
        if (schedule.perUpdate()) {
            counter++;
            apply();
        }
    }

    /** Epoch start with the current validation host metric (NaN before any validation). */
    public void onEpochStart(int epoch, double hostMetric) {
        schedule.onEpochStart(epoch, hostMetric);
        apply();
    }

    /** The rate group {@code i} would get at counter {@code s}, without changing anything. */
    public double lrAt(int groupIndex, long s) {
        return schedule.lr(groups.get(groupIndex).initialLr(), s);
    }

    /** {@code counter} plus the schedule's own state. */
    public Map<String, Double> saveState() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("counter", (double) counter);
        m.putAll(schedule.saveState());
        return m;
    }

    public void restoreState(Map<String, Double> state) {
        Double c = state.get("counter");
        if (c == null || c < 0) {
            throw new ScheduleException("saved " + schedule.kind() + " schedule state lacks a valid 'counter'");
        }
        schedule.restoreState(state);
        counter = c.longValue();
        apply();
    }

    private void apply() {
        for (ParamGroup g : groups) {
            g.setLr(schedule.lr(g.initialLr(), counter));
        }
    }
}
