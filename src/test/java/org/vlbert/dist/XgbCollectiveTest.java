package org.vlbert.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The XGBoost engine with 2–3 ranks on loopback: exact sums, exact broadcast, doubles, errors. */
class XgbCollectiveTest {
    private static final Duration OP_TIMEOUT = Duration.ofSeconds(60);

    private static ByteBuffer floats(int n) {
        return ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder());
    }

    private static float value(int rank, int i) {
        return Float.intBitsToFloat((int) new SplittableRandom(31L * i + rank).nextLong(0x3f000000L, 0x48000000L));
    }

    @Test
    void twoRanksSumRandomFloatsToTheCorrectlyRoundedSumFromTheBufferPosition() throws Exception {
        int n = 300_001;
        List<float[]> got = LocalRanks.run(2, OP_TIMEOUT, c -> {
            ByteBuffer b = floats(n + 3);
            FloatBuffer f = b.asFloatBuffer();
            f.put(0, -7f).put(1, -8f).put(2, -9f);
            for (int i = 0; i < n; i++) {
                f.put(3 + i, value(c.rank(), i));
            }
            b.position(12);
            c.allReduceSum(b, n);
            assertEquals(-7f, f.get(0), "values before the position are untouched");
            float[] out = new float[n];
            f.position(3);
            f.get(out);
            return out;
        });
        float[] expected = new float[n];
        for (int i = 0; i < n; i++) {
            expected[i] = value(0, i) + value(1, i);
        }
        assertArrayEquals(expected, got.get(0));
        assertArrayEquals(expected, got.get(1));
    }

    @Test
    void threeRanksGetIdenticalBitsAndExactIntegerSums() throws Exception {
        int n = 1 << 20;
        List<float[]> got = LocalRanks.run(3, OP_TIMEOUT, c -> {
            ByteBuffer b = floats(2 * n);
            FloatBuffer f = b.asFloatBuffer();
            for (int i = 0; i < n; i++) {
                f.put(i, (c.rank() + 1) + (i % 7));      // exactly representable sums
                f.put(n + i, value(c.rank(), i));        // rounding depends on order: must still agree
            }
            c.allReduceSum(b, 2L * n);
            float[] out = new float[2 * n];
            f.get(0, out);
            return out;
        });
        for (int i = 0; i < n; i++) {
            assertEquals(6f + 3 * (i % 7), got.get(0)[i]);
        }
        assertArrayEquals(got.get(0), got.get(1));
        assertArrayEquals(got.get(0), got.get(2));
    }

    @Test
    void broadcastCopiesTheRootsBytesExactly() throws Exception {
        byte[] payload = new byte[100_003];
        new Random(5).nextBytes(payload);
        ByteBuffer special = ByteBuffer.wrap(payload).order(ByteOrder.nativeOrder());
        special.putFloat(0, -0.0f).putInt(4, 0x7fc00123);   // negative zero and a NaN payload survive
        List<byte[]> got = LocalRanks.run(3, OP_TIMEOUT, c -> {
            ByteBuffer b = ByteBuffer.allocateDirect(payload.length);
            if (c.rank() == 1) {
                b.put(payload).clear();
            } else {
                byte[] junk = new byte[payload.length];
                new Random(c.rank()).nextBytes(junk);
                b.put(junk).clear();
            }
            c.broadcast(b, payload.length, 1);
            byte[] out = new byte[payload.length];
            b.get(out);
            return out;
        });
        for (byte[] g : got) {
            assertArrayEquals(payload, g);
        }
    }

    @Test
    void doublesAndBarrier() throws Exception {
        List<double[]> got = LocalRanks.run(2, OP_TIMEOUT, c -> {
            c.barrier();
            return c.sum(0.1 * (c.rank() + 1), 1e300, c.rank());
        });
        assertArrayEquals(new double[] {0.1 + 0.2, 2e300, 1}, got.get(0));
        assertArrayEquals(got.get(0), got.get(1));
    }

    @Test
    void aHungPeerTurnsIntoATimeoutNamingTheOperation() throws Exception {
        List<String> got = LocalRanks.run(2, Duration.ofSeconds(2), c -> {
            ByteBuffer b = floats(16);
            if (c.rank() == 1) {
                sleep(4000);   // "hung" past rank 0's watchdog, then joins so that rank 0's native call returns
                c.allReduceSum(b, 16);
                return "late";
            }
            long t0 = System.nanoTime();
            CollectiveTimeoutException e = assertThrows(CollectiveTimeoutException.class, () -> c.allReduceSum(b, 16));
            double s = (System.nanoTime() - t0) / 1e9;
            assertTrue(s >= 1.9 && s < 3.5, "timed out after " + s + " s");
            CollectiveException next = assertThrows(CollectiveException.class, c::barrier);
            assertTrue(next.getMessage().contains("never completed"), next.getMessage());
            c.abort();
            return e.getMessage();
        });
        assertTrue(got.get(0).contains("all-reduce of 16 floats (collective operation #1) on rank 0 did not complete"
                + " within 2 s"), got.get(0));
        assertTrue(got.get(0).contains("--collective-timeout"), got.get(0));
    }

    @Test
    void rejectsBuffersItCannotUse() throws Exception {
        LocalRanks.run(2, OP_TIMEOUT, c -> {
            assertThrows(IllegalArgumentException.class, () -> c.allReduceSum(ByteBuffer.allocate(8), 2));
            assertThrows(IllegalArgumentException.class, () -> c.allReduceSum(floats(2), 3));
            assertThrows(IllegalArgumentException.class,
                    () -> c.allReduceSum(ByteBuffer.allocateDirect(8).order(nonNative()), 2));
            assertThrows(IllegalArgumentException.class, () -> c.broadcast(ByteBuffer.allocateDirect(4), 4, 2));
            return null;
        });
    }

    @Test
    void theSameMasterPortServesTheNextJobAtOnce() throws Exception {
        // XGBoost's tracker binds without SO_REUSEADDR; the rendezvous port must still be reusable
        // right away, e.g. to resume a failed job with the same command.
        int port = LocalRanks.freePort();
        for (int job = 0; job < 2; job++) {
            List<double[]> got = LocalRanks.run(port, 2, OP_TIMEOUT, c -> c.sum(c.rank() + 1.0));
            assertEquals(3.0, got.get(1)[0]);
        }
    }

    @Test
    void workersOfAnotherJobOrAStrangerOnThePortAreToldClearly() throws Exception {
        CollectiveException world = assertThrows(CollectiveException.class,
                () -> Rendezvous.parse("vlbert-rendezvous 1 41234 3", "10.0.0.1", 29500, 2));
        assertEquals("the job at 10.0.0.1:29500 has WORLD_SIZE=3 but this worker has WORLD_SIZE=2; start every worker"
                + " of a job with the same settings", world.getMessage());
        assertEquals(41234, Rendezvous.parse("vlbert-rendezvous 1 41234 2", "h", 1, 2));
        CollectiveException stranger = assertThrows(CollectiveException.class,
                () -> Rendezvous.parse("SSH-2.0-OpenSSH", "h", 22, 2));
        assertEquals("h:22 is not a vlbert rank 0 (it answered 'SSH-2.0-OpenSSH'); check MASTER_ADDR and MASTER_PORT",
                stranger.getMessage());
        int port = LocalRanks.freePort();
        long t0 = System.nanoTime();
        CollectiveException none = assertThrows(CollectiveException.class,
                () -> Rendezvous.trackerPort("127.0.0.1", port, 2, Duration.ofSeconds(1)));
        assertTrue((System.nanoTime() - t0) / 1e9 < 3);
        assertTrue(none.getMessage().startsWith("no rank 0 answered at MASTER_ADDR:MASTER_PORT = 127.0.0.1:" + port
                + " within 1 s"), none.getMessage());
    }

    @Test
    void aJobMissingAWorkerFailsTheRendezvousInTime() {
        int port = LocalRanks.freePort();
        long t0 = System.nanoTime();
        CollectiveException e = assertThrows(CollectiveException.class, () -> XgbCollective.connect(
                LocalRanks.env(port, 2, 0), OP_TIMEOUT, Duration.ofSeconds(2)));
        double s = (System.nanoTime() - t0) / 1e9;
        assertTrue(s < 10, "took " + s + " s");
        assertTrue(e.getMessage().startsWith("joining the job (communicator init) failed: Failed to bootstrap the"
                + " communication group."), e.getMessage());
        assertFalse(e.getMessage().contains("Stack trace"), e.getMessage());
    }

    private static ByteOrder nonNative() {
        return ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
