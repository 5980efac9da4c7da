package org.vlbert.train.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vlbert.train.optim.ParamGroup;

class LrSchedulerTest {

    @Test
    void resumedRunUsesLambdaOfGlobalUpdatePlusOne() {
        // 3 epochs done of L = 7 batches with A = 2: int(3·7/2) = 10 updates done.
        long done = UpdateCounts.updatesBefore(3, 7, 2);
        assertEquals(10, done);
        ParamGroup g = new ParamGroup("g", 2.0, 0, List.of());
        WarmupLinearSchedule w = new WarmupLinearSchedule(4, UpdateCounts.totalUpdates(5, 7, 2));
        assertEquals(17, w.totalSteps());
        LrScheduler s = new LrScheduler(w, List.of(g), done);
        assertEquals(2.0 * w.lambda(10), g.lr());
        s.beforeUpdate(); // global update 10
        assertEquals(2.0 * w.lambda(11), g.lr());
    }

    @Test
    void everyGroupScaledFromItsOwnInitialLr() {
        ParamGroup a = new ParamGroup("a", 1.0, 0, List.of());
        ParamGroup b = new ParamGroup("b", 10.0, 0, List.of());
        LrScheduler s = new LrScheduler(new WarmupLinearSchedule(2, 10), List.of(a, b), 0);
        s.beforeUpdate();
        assertEquals(0.5, a.lr());
        assertEquals(5.0, b.lr());
        assertEquals(5.0, s.lrAt(1, 1));
    }

    @Test
    void saveRestoreCounter() {
        ParamGroup g = new ParamGroup("g", 1.0, 0, List.of());
        LrScheduler s = new LrScheduler(new WarmupLinearSchedule(4, 10), List.of(g), 0);
        for (int i = 0; i < 3; i++) {
            s.beforeUpdate();
        }
        Map<String, Double> saved = s.saveState();
        assertEquals(Map.of("counter", 3.0), saved);
        ParamGroup g2 = new ParamGroup("g", 1.0, 0, List.of());
        LrScheduler r = new LrScheduler(new WarmupLinearSchedule(4, 10), List.of(g2), 0);
        r.restoreState(saved);
        assertEquals(g.lr(), g2.lr());
        s.beforeUpdate();
        r.beforeUpdate();
        assertEquals(g.lr(), g2.lr());
        assertThrows(ScheduleException.class, () -> r.restoreState(Map.of()));
    }

    @Test
    void epochToUpdateConversionTruncates() {
        assertEquals(32, UpdateCounts.at(14, 7, 3), "int(14·7/3) = int(32.67)");
        assertEquals(7, UpdateCounts.at(1.5, 5, 1), "int(7.5)");
    }
}
