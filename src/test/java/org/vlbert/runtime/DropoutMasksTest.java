package org.vlbert.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.vlbert.graphs.tensor.HostTensor;

class DropoutMasksTest {
    private static ByteBuffer draw(float p, long seed, long step, String site, int n) {
        ByteBuffer b = HostTensor.allocateDirect(n);
        DropoutMasks.fill(b, n, p, seed, step, site);
        return b;
    }

    private static double keepRate(ByteBuffer b) {
        long kept = 0;
        for (int i = 0; i < b.capacity(); i++) {
            kept += b.get(i);
        }
        return (double) kept / b.capacity();
    }

    @Test
    void keepsOneMinusPOfTheElements() {
        assertEquals(0.9, keepRate(draw(0.1f, 1, 0, "a", 1 << 20)), 0.002);
        assertEquals(0.5, keepRate(draw(0.5f, 1, 0, "a", 1 << 20)), 0.002);
    }

    @Test
    void masksDependOnlyOnSeedStepAndSite() {
        assertEquals(draw(0.1f, 7, 3, "x", 4097), draw(0.1f, 7, 3, "x", 4097));
        assertNotEquals(draw(0.1f, 7, 3, "x", 4097), draw(0.1f, 7, 4, "x", 4097));
        assertNotEquals(draw(0.1f, 7, 3, "x", 4097), draw(0.1f, 7, 3, "y", 4097));
        assertNotEquals(draw(0.1f, 7, 3, "x", 4097), draw(0.1f, 8, 3, "x", 4097));
    }

    @Test
    void neighbouringElementsAreNotCorrelated() {
        ByteBuffer b = draw(0.5f, 1, 0, "a", 1 << 18);
        long same = 0;
        for (int i = 1; i < b.capacity(); i++) {
            same += b.get(i) == b.get(i - 1) ? 1 : 0;
        }
        assertEquals(0.5, (double) same / (b.capacity() - 1), 0.01);
    }
}
