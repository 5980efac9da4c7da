package org.vlbert.data.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vlbert.data.load.IndexRows.ints;
import static org.vlbert.data.load.IndexRows.values;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
    /** "value" = the row values, "noise" = one draw from each row's random stream. */
    private static final Collator<Integer> COLLATOR = (rows, ctx) -> {
        BatchTensor value = ctx.allocate(ElementType.INT64, rows.size());
        BatchTensor noise = ctx.allocate(ElementType.FLOAT, rows.size(), 1);
        for (int i = 0; i < rows.size(); i++) {
            value.data().putLong(i * 8, rows.get(i));
            noise.data().putFloat(i * 4, (float) ctx.random(i).nextDouble());
        }
        Map<String, BatchTensor> m = new LinkedHashMap<>();
        m.put("value", value);
        m.put("noise", noise);
        return m;
    };

    @Test
    void batchesFollowTheShardedOrderWithAShortLastBatch() {
        DataLoader<Integer> loader = new DataLoader<>(ints(10), COLLATOR, LoaderOptions.of(4, false, 1));
        assertEquals(3, loader.batchesPerEpoch());
        List<long[]> batches = values(loader, LoaderPosition.startOf(0));
        assertArrayEquals(new long[] {0, 1, 2, 3}, batches.get(0));
        assertArrayEquals(new long[] {4, 5, 6, 7}, batches.get(1));
        assertArrayEquals(new long[] {8, 9}, batches.get(2));
    }

    @Test
    void everySampleIsSeenOncePerEpochAcrossRanks() {
        int n = 37;
        int world = 3;
        int[] seen = new int[n];
        int total = 0;
        for (int r = 0; r < world; r++) {
            DataLoader<Integer> loader = new DataLoader<>(ints(n), COLLATOR, LoaderOptions.of(5, true, 99).sharded(r, world));
            assertEquals(13, loader.samplesPerEpoch());
            for (long[] b : values(loader, LoaderPosition.startOf(4))) {
                for (long v : b) {
                    seen[(int) v]++;
                    total++;
                }
            }
        }
        assertEquals(39, total);
        int twice = 0;
        for (int c : seen) {
            assertTrue(c == 1 || c == 2);
            twice += c == 2 ? 1 : 0;
        }
        assertEquals(2, twice, "ceil(37/3)*3 - 37 = 2 padded samples");
    }

    @Test
    void resumingAtAPositionContinuesWithIdenticalBatches() {
        LoaderOptions opts = LoaderOptions.of(3, true, 2024).withPrefetch(3, 2);
        DataLoader<Integer> loader = new DataLoader<>(ints(20), COLLATOR, opts);
        List<float[]> full = new ArrayList<>();
        LoaderPosition saved = null;
        try (BatchStream s = loader.stream(2)) {
            while (s.hasNext()) {
                try (Batch b = s.next()) {
                    full.add(noise(b));
                    if (b.position().batch() == 3) {
                        saved = s.position();
                    }
                }
            }
        }
        assertEquals(new LoaderPosition(2, 4), saved);
        // a new loader (as after a restart) from the saved position
        DataLoader<Integer> restarted = new DataLoader<>(ints(20), COLLATOR, opts.withPrefetch(1, 1));
        try (BatchStream s = restarted.stream(saved)) {
            for (int b = 4; b < full.size(); b++) {
                try (Batch batch = s.next()) {
                    assertEquals(new LoaderPosition(2, b), batch.position());
                    assertArrayEquals(full.get(b), noise(batch));
                }
            }
            assertFalse(s.hasNext());
        }
    }

    @Test
    void perRowRandomnessDoesNotDependOnBatchSize() {
        DataLoader<Integer> a = new DataLoader<>(ints(12), COLLATOR, LoaderOptions.of(4, false, 5));
        DataLoader<Integer> b = new DataLoader<>(ints(12), COLLATOR, LoaderOptions.of(6, false, 5));
        float[] na;
        float[] nb;
        try (Batch x = a.collate(new LoaderPosition(1, 0), new int[] {3, 4})) {
            na = noise(x);
        }
        try (Batch y = b.collate(new LoaderPosition(1, 7), new int[] {9, 3, 4})) {
            nb = noise(y);
        }
        assertEquals(na[0], nb[1]);
        assertEquals(na[1], nb[2]);
    }

    @Test
    void aCollatorFailureReachesTheConsumerWithItsCause() {
        Collator<Integer> failing = (rows, ctx) -> {
            if (rows.contains(5)) {
                throw new IllegalStateException("row 5 is broken");
            }
            return COLLATOR.collate(rows, ctx);
        };
        DataLoader<Integer> loader = new DataLoader<>(ints(10), failing, LoaderOptions.of(2, false, 1));
        try (BatchStream s = loader.stream(0)) {
            s.next().close();
            s.next().close();
            LoaderException e = assertThrows(LoaderException.class, s::next);
            assertEquals("building batch 2 of epoch 0 failed: row 5 is broken", e.getMessage());
            assertInstanceOf(IllegalStateException.class, e.getCause());
            assertFalse(s.hasNext(), "the stream is closed after a failure");
        }
    }

    @Test
    void prefetchIsBoundedAndCloseStopsTheWorkers() throws InterruptedException {
        AtomicInteger built = new AtomicInteger();
        Collator<Integer> counting = (rows, ctx) -> {
            built.incrementAndGet();
            return COLLATOR.collate(rows, ctx);
        };
        DataLoader<Integer> loader = new DataLoader<>(ints(100), counting, LoaderOptions.of(1, false, 1).withPrefetch(2, 1));
        BatchStream s = loader.stream(7);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (built.get() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(200);
        assertEquals(3, built.get(), "2 queued + 1 waiting to be queued");
        s.close();
        Thread.sleep(50);
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            assertFalse(t.getName().startsWith("vlbert-loader-e7-") && t.isAlive(), "worker still running: " + t);
        }
        assertFalse(s.hasNext());
    }

    @Test
    void resumePastTheEndOfTheEpochIsRejected() {
        DataLoader<Integer> loader = new DataLoader<>(ints(10), COLLATOR, LoaderOptions.of(4, false, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loader.stream(new LoaderPosition(0, 4)));
        assertTrue(e.getMessage().startsWith("resume position LoaderPosition[epoch=0, batch=4] is past the 3 batches"));
        try (BatchStream s = loader.stream(new LoaderPosition(0, 3))) {
            assertFalse(s.hasNext(), "resuming at the end of an epoch yields nothing");
        }
    }

    private static float[] noise(Batch b) {
        float[] v = new float[b.size()];
        b.get("noise").floats().get(v);
        return v;
    }
}
