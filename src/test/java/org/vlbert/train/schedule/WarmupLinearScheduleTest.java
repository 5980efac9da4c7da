package org.vlbert.train.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vlbert.train.optim.ParamGroup;

class WarmupLinearScheduleTest {

    /** training.md §6.2 example: W = 4, T = 10, base 1; update g uses λ(g+1). */
    @Test
    void referenceExampleThroughScheduler() {
        ParamGroup g = new ParamGroup("g", 1.0, 0, List.of());
        LrScheduler s = new LrScheduler(new WarmupLinearSchedule(4, 10), List.of(g), 0);
        assertEquals(0.0, g.lr(), "construction applies λ(0)");
        double[] expected = {0.25, 0.5, 0.75, 1.0, 5.0 / 6, 4.0 / 6, 0.5, 2.0 / 6, 1.0 / 6, 0, 0, 0};
        for (int update = 0; update < expected.length; update++) {
            s.beforeUpdate();
            assertEquals(expected[update], g.lr(), 1e-15, "update " + update);
            assertEquals(update + 1, s.counter());
        }
    }

    @Test
    void boundaries() {
        WarmupLinearSchedule w = new WarmupLinearSchedule(500, 5000);
        assertEquals(0.0, w.lambda(0));
        assertEquals(499.0 / 500, w.lambda(499));
        assertEquals(1.0, w.lambda(500), "warm-up end is the peak");
        assertEquals(4499.0 / 4500, w.lambda(501));
        assertEquals(1.0 / 4500, w.lambda(4999));
        assertEquals(0.0, w.lambda(5000), "zero at t_total");
        assertEquals(0.0, w.lambda(6000), "clamped at zero after t_total");
        assertEquals(1.6e-4 * 0.5, w.lr(1.6e-4, 250), 0.0);
    }

    @Test
    void noWarmupDecaysFromTheStart() {
        WarmupLinearSchedule w = new WarmupLinearSchedule(0, 4);
        assertEquals(1.0, w.lambda(0));
        assertEquals(0.75, w.lambda(1));
        assertEquals(0.0, w.lambda(4));
    }

    @Test
    void degenerateLengthsUseMaxOne() {
        // T == W: the decay denominator is max(1, 0) = 1.
        WarmupLinearSchedule w = new WarmupLinearSchedule(3, 3);
        assertEquals(2.0 / 3, w.lambda(2));
        assertEquals(0.0, w.lambda(3));
    }
}
