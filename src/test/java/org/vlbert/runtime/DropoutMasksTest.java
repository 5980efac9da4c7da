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

    /**
     * Pins the masks themselves: a resumed run must draw exactly what earlier builds drew, so
     * any change to the generator or the byte layout (including the tail of a count that is
     * not a multiple of four) must fail here. Values recorded from the original implementation.
     */
    @Test
    void drawsTheRecordedMasks() {
        String site = "bert.layer.0.attention.probs";
        assertEquals("1111101", prefix(draw(0.1f, 42, 7, site, 7), 7));
        assertEquals("111110111111", prefix(draw(0.1f, 42, 7, site, 4097), 12));
        assertEquals(34902897112120508L, checksum(draw(0.1f, 42, 7, site, 1)));
        assertEquals(-3351804022671295012L, checksum(draw(0.1f, 42, 7, site, 3)));
        assertEquals(6774539739447164325L, checksum(draw(0.1f, 42, 7, site, 4)));
        assertEquals(-5513532585731823619L, checksum(draw(0.1f, 42, 7, site, 7)));
        assertEquals(8899454533011856139L, checksum(draw(0.1f, 42, 7, site, 4097)));
        assertEquals(3044543870446481607L, checksum(draw(0.1f, 42, 7, site, 100003)));
    }

    private static String prefix(ByteBuffer b, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(b.get(i));
        }
        return s.toString();
    }

    private static long checksum(ByteBuffer b) {
        long h = 1125899906842597L;
        for (int i = 0; i < b.capacity(); i++) {
            h = 31 * h + b.get(i);
        }
        return h;
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
