package org.vlbert.train.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vlbert.train.optim.ParamGroup;

class ReduceLrOnPlateauTest {
    /** Host metric at the start of epochs 0..9 (NaN before the first validation). */
    private static final double[] METRICS = {Double.NaN, 0.5, 0.5, 0.5, 0.4, 0.4, 0.4, 0.4, 0.6, 0.6};
    /**
     * Hand-traced (patience 1, cooldown 2): e0 NaN bad=1; e1 best=0.5; e2 bad=1; e3 bad=2 → reduce,
     * cooldown=2; e4 bad=1→cooldown 1, bad=0; e5 → cooldown 0, bad=0; e6 bad=1; e7 bad=2 → reduce;
     * e8 0.6 improves; e9 bad=1 (in cooldown anyway).
     */
    private static final int[] REDUCTIONS_AFTER = {0, 0, 0, 1, 1, 1, 1, 2, 2, 2};

    @Test
    void followsPyTorchBookkeeping() {
        ParamGroup g = new ParamGroup("g", 1.0, 0, List.of());
        ReduceLrOnPlateau plateau = new ReduceLrOnPlateau(0.1);
        LrScheduler s = new LrScheduler(plateau, List.of(g), 0);
        assertFalse(plateau.perUpdate());
        for (int e = 0; e < METRICS.length; e++) {
            s.onEpochStart(e, METRICS[e]);
            s.beforeUpdate(); // per-update calls do not move a plateau schedule
            assertEquals(REDUCTIONS_AFTER[e], plateau.reductions(), "epoch " + e);
            assertEquals(Math.pow(0.1, REDUCTIONS_AFTER[e]), g.lr(), 1e-15, "epoch " + e);
        }
        assertEquals(1.0 * 0.1 * 0.1, g.lr(), 0.0, "repeated multiplication, as PyTorch does");
    }

    @Test
    void thresholdIsRelative() {
        ReduceLrOnPlateau p = new ReduceLrOnPlateau(0.5);
        p.onEpochStart(0, 1.0);
        p.onEpochStart(1, 1.0001); // not > 1.0·(1+1e-4)
        p.onEpochStart(2, 1.00005);
        assertEquals(1, p.reductions());
    }

    @Test
    void changesBelowEpsAreIgnored() {
        ReduceLrOnPlateau p = new ReduceLrOnPlateau(0.1);
        for (int e = 0; e < 3; e++) {
            p.onEpochStart(e, Double.NaN);
        }
        assertEquals(1, p.reductions());
        assertEquals(0.1, p.lr(1.0, 0), 0.0);
        assertEquals(1e-8, p.lr(1e-8, 0), 0.0, "1e-8 − 1e-9 is not > eps: lr kept");
    }

    @Test
    void saveAndRestoreContinueIdentically() {
        ReduceLrOnPlateau a = new ReduceLrOnPlateau(0.1);
        for (int e = 0; e < 5; e++) {
            a.onEpochStart(e, METRICS[e]);
        }
        Map<String, Double> saved = a.saveState();
        ReduceLrOnPlateau b = new ReduceLrOnPlateau(0.1);
        b.restoreState(saved);
        for (int e = 5; e < METRICS.length; e++) {
            a.onEpochStart(e, METRICS[e]);
            b.onEpochStart(e, METRICS[e]);
            assertEquals(a.saveState(), b.saveState(), "epoch " + e);
        }
        assertEquals(REDUCTIONS_AFTER[METRICS.length - 1], b.reductions());
    }

    @Test
    void missingStateKeyIsNamed() {
        ScheduleException e = assertThrows(ScheduleException.class, () -> new ReduceLrOnPlateau(0.1).restoreState(Map.of()));
        assertEquals("saved plateau schedule state lacks 'best'", e.getMessage());
    }
}
