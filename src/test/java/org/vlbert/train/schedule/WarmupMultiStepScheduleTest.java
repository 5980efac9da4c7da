package org.vlbert.train.schedule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WarmupMultiStepScheduleTest {

    /** VCR-like: LR_STEP 14,18 epochs, L = 10 batches, A = 2 → milestones 70, 90; W = 5 linear from 0. */
    @Test
    void linearWarmupAndMilestones() {
        long[] milestones = UpdateCounts.milestones(new double[] {14, 18}, 10, 2);
        assertArrayEquals(new long[] {70, 90}, milestones);
        WarmupMultiStepSchedule s = new WarmupMultiStepSchedule(milestones, 0.1, 0.0, 5, WarmupMethod.LINEAR);
        double base = 4.48e-3;
        assertEquals(0.0, s.lr(base, 0));
        assertEquals(base * 0.2, s.lr(base, 1), 1e-18);
        assertEquals(base * 0.8, s.lr(base, 4), 1e-18);
        assertEquals(base, s.lr(base, 5), "warm-up over at s = W");
        assertEquals(base, s.lr(base, 69));
        assertEquals(base * 0.1, s.lr(base, 70), 0.0, "milestone counts once s reaches it (bisect_right)");
        assertEquals(base * 0.1, s.lr(base, 89), 0.0);
        // Python: 4.48e-3 * 1 * 0.1**2, with 0.1**2 = 0.010000000000000002.
        assertEquals(base * 0.010000000000000002, s.lr(base, 90), 0.0);
        assertEquals(base * 0.010000000000000002, s.lr(base, 10_000), 0.0);
    }

    @Test
    void constantWarmupUsesFactor() {
        WarmupMultiStepSchedule s = new WarmupMultiStepSchedule(new long[] {100}, 0.1, 1.0 / 3, 10, WarmupMethod.CONSTANT);
        assertEquals(1.0 / 3, s.lr(1.0, 0));
        assertEquals(1.0 / 3, s.lr(1.0, 9));
        assertEquals(1.0, s.lr(1.0, 10));
    }

    @Test
    void linearWarmupWithFactor() {
        WarmupMultiStepSchedule s = new WarmupMultiStepSchedule(new long[0], 0.1, 0.25, 4, WarmupMethod.LINEAR);
        // α = 2/4: 0.25·0.5 + 0.5
        assertEquals(0.625, s.lr(1.0, 2));
    }

    @Test
    void milestoneInsideWarmupMultiplies() {
        WarmupMultiStepSchedule s = new WarmupMultiStepSchedule(new long[] {2}, 0.5, 0.0, 4, WarmupMethod.LINEAR);
        assertEquals(0.5 * 0.5, s.lr(1.0, 2));
    }

    @Test
    void decreasingMilestonesAreRejected() {
        ScheduleException e = assertThrows(ScheduleException.class,
                () -> new WarmupMultiStepSchedule(new long[] {90, 70}, 0.1, 0, 0, WarmupMethod.LINEAR));
        assertTrue(e.getMessage().contains("TRAIN.LR_STEP must be non-decreasing"), e.getMessage());
    }

    @Test
    void warmupMethodParsing() {
        assertEquals(WarmupMethod.LINEAR, WarmupMethod.parse("linear"));
        assertEquals(WarmupMethod.CONSTANT, WarmupMethod.parse("constant"));
        ScheduleException e = assertThrows(ScheduleException.class, () -> WarmupMethod.parse("cosine"));
        assertTrue(e.getMessage().contains("TRAIN.WARMUP_METHOD must be 'constant' or 'linear', got 'cosine'"));
    }
}
