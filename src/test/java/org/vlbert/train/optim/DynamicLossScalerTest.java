package org.vlbert.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vlbert.testutil.TestBuffers;

class DynamicLossScalerTest {

    @Test
    void dynamicStartsAtTwoToTheSixteenCappedByMax() {
        assertEquals(65536.0, DynamicLossScaler.fromConfig("dynamic", null, null).lossScale());
        assertEquals(128.0, DynamicLossScaler.fromConfig("dynamic", 128.0, 128.0).lossScale());
        assertTrue(DynamicLossScaler.fromConfig(" Dynamic ", 32.0, null).isDynamic());
    }

    @Test
    void overflowSkipsAndHalvesDownToTheMinimum() {
        DynamicLossScaler s = DynamicLossScaler.dynamic(16384.0, 1e9);
        assertTrue(s.update(true));
        assertEquals(32768.0, s.lossScale());
        assertTrue(s.update(true));
        assertEquals(16384.0, s.lossScale());
        assertTrue(s.update(true), "still skipped at the floor");
        assertEquals(16384.0, s.lossScale());
        assertFalse(s.update(false));
        assertEquals(1, s.unskipped());
    }

    @Test
    void noFloorWhenMinimumIsUnsetOrZero() {
        DynamicLossScaler s = DynamicLossScaler.dynamic(0.0, 4.0);
        for (int i = 0; i < 5; i++) {
            s.update(true);
        }
        assertEquals(4.0 / 32, s.lossScale());
    }

    @Test
    void growsAfterIntervalOfCleanStepsUpToTheMaximum() {
        DynamicLossScaler s = DynamicLossScaler.dynamic(null, 400.0, 100.0, 3, 2.0);
        s.update(false);
        s.update(false);
        assertEquals(100.0, s.lossScale());
        s.update(false);
        assertEquals(200.0, s.lossScale());
        assertEquals(0, s.unskipped());
        s.update(false);
        s.update(true); // overflow restarts the clean-step count
        assertEquals(100.0, s.lossScale());
        s.update(false);
        s.update(false);
        s.update(false);
        assertEquals(200.0, s.lossScale());
        for (int i = 0; i < 6; i++) {
            s.update(false);
        }
        assertEquals(400.0, s.lossScale(), "capped at max");
    }

    @Test
    void defaultGrowthIntervalIs2000() {
        DynamicLossScaler s = DynamicLossScaler.dynamic(null, DynamicLossScaler.DEFAULT_MAX_SCALE);
        for (int i = 0; i < 1999; i++) {
            s.update(false);
        }
        assertEquals(65536.0, s.lossScale());
        s.update(false);
        assertEquals(131072.0, s.lossScale());
    }

    @Test
    void pretrainingBoundsKeepScaleAt128ButStillSkip() {
        DynamicLossScaler s = DynamicLossScaler.fromConfig("dynamic", 128.0, 128.0);
        assertTrue(s.update(true));
        assertEquals(128.0, s.lossScale());
        for (int i = 0; i < 2000; i++) {
            s.update(false);
        }
        assertEquals(128.0, s.lossScale());
    }

    @Test
    void staticScaleNeverChangesNorSkips() {
        DynamicLossScaler s = DynamicLossScaler.fromConfig("128.0", 32.0, null);
        assertFalse(s.isDynamic());
        assertFalse(s.update(true));
        assertEquals(128.0, s.lossScale());
        FloatBuffer g = TestBuffers.direct(256f, Float.POSITIVE_INFINITY);
        assertFalse(s.unscale(List.of(g)), "apex does not check for overflow with a static scale");
        assertEquals(2f, g.get(0));
    }

    @Test
    void unscaleDividesCleanGradientsAndDetectsOverflow() {
        DynamicLossScaler s = DynamicLossScaler.dynamic(null, 1024.0);
        FloatBuffer a = TestBuffers.direct(1024f, -512f);
        FloatBuffer b = TestBuffers.direct(2048f);
        assertFalse(s.unscale(List.of(a, b)));
        assertArrayEquals(new float[] {1f, -0.5f}, TestBuffers.toArray(a));
        assertArrayEquals(new float[] {2f}, TestBuffers.toArray(b));

        float[] big = new float[FloatBuffers.CHUNK + 10];
        big[FloatBuffers.CHUNK + 5] = Float.NaN;
        FloatBuffer withNan = TestBuffers.direct(big);
        FloatBuffer clean = TestBuffers.direct(4f);
        assertTrue(s.unscale(List.of(clean, withNan)));
        assertEquals(4f, clean.get(0), "nothing is unscaled when an overflow is found");
        assertTrue(s.hasOverflow(List.of(TestBuffers.direct(Float.NEGATIVE_INFINITY))));
        assertFalse(s.hasOverflow(List.of(TestBuffers.direct(Float.MAX_VALUE, -Float.MAX_VALUE))));
    }

    @Test
    void badConfigValueIsNamed() {
        OptimizerException e = assertThrows(OptimizerException.class, () -> DynamicLossScaler.fromConfig("auto", null, null));
        assertTrue(e.getMessage().contains("TRAIN.FP16_LOSS_SCALE must be a positive number or 'dynamic', got 'auto'"));
        assertThrows(OptimizerException.class, () -> DynamicLossScaler.fromConfig("-1", null, null));
    }
}
