package org.vlbert.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfEventsWriterTest {

    // ---------------------------------------------------------------- independent decoder

    /** Bitwise CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), independent of java.util.zip. */
    static int crc32c(byte[] data, int off, int len) {
        int crc = 0xFFFFFFFF;
        for (int i = off; i < off + len; i++) {
            crc ^= data[i] & 0xFF;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x82F63B78 : crc >>> 1;
            }
        }
        return ~crc;
    }

    static int mask(int crc) {
        return Integer.rotateRight(crc, 15) + 0xa282ead8;
    }

    /** One decoded Event; unset fields stay at their proto3 defaults. */
    static final class Event {
        double wallTime;
        long step;
        String fileVersion;
        List<String> tags = new ArrayList<>();
        List<Float> values = new ArrayList<>();
    }

    static List<Event> decodeFile(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<Event> events = new ArrayList<>();
        while (b.hasRemaining()) {
            int start = b.position();
            long len = b.getLong();
            assertEquals(mask(crc32c(b.array(), start, 8)), b.getInt(), "length CRC of record " + events.size());
            byte[] data = new byte[(int) len];
            b.get(data);
            assertEquals(mask(crc32c(data, 0, data.length)), b.getInt(), "data CRC of record " + events.size());
            events.add(decodeEvent(data));
        }
        return events;
    }

    static Event decodeEvent(byte[] data) {
        Event e = new Event();
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            long key = varint(b);
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            if (field == 1 && wire == 1) {
                e.wallTime = b.getDouble();
            } else if (field == 2 && wire == 0) {
                e.step = varint(b);
            } else if (field == 3 && wire == 2) {
                e.fileVersion = new String(bytes(b), StandardCharsets.UTF_8);
            } else if (field == 5 && wire == 2) {
                ByteBuffer summary = ByteBuffer.wrap(bytes(b)).order(ByteOrder.LITTLE_ENDIAN);
                while (summary.hasRemaining()) {
                    long sk = varint(summary);
                    assertEquals((1 << 3) | 2, sk, "Summary.value");
                    ByteBuffer value = ByteBuffer.wrap(bytes(summary)).order(ByteOrder.LITTLE_ENDIAN);
                    while (value.hasRemaining()) {
                        long vk = varint(value);
                        if (vk == ((1 << 3) | 2)) {
                            e.tags.add(new String(bytes(value), StandardCharsets.UTF_8));
                        } else if (vk == ((2 << 3) | 5)) {
                            e.values.add(value.getFloat());
                        } else {
                            throw new AssertionError("unexpected Summary.Value field key " + vk);
                        }
                    }
                }
            } else {
                throw new AssertionError("unexpected Event field " + field + " wire " + wire);
            }
        }
        return e;
    }

    static long varint(ByteBuffer b) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            int x = b.get() & 0xFF;
            v |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
        }
    }

    static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[(int) varint(b)];
        b.get(out);
        return out;
    }

    // ---------------------------------------------------------------- tests

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now;

        ManualClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void crc32cCheckValue() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xE3069283, crc32c(check, 0, check.length));
        assertEquals(0xE3069283, maskInverse(TfRecordFraming.maskedCrc32c(check, 0, check.length)));
    }

    private static int maskInverse(int masked) {
        return Integer.rotateLeft(masked - 0xa282ead8, 15);
    }

    @Test
    void roundTripEveryRecordAndValue(@TempDir Path dir) throws IOException {
        ManualClock clock = new ManualClock(Instant.ofEpochSecond(1_700_000_000L, 250_000_000));
        Path file;
        try (TfEventsWriter w = TfEventsWriter.open(dir.resolve("tb"), "node-7", clock, 10, Duration.ofSeconds(120))) {
            file = w.path();
            w.addScalar("Train-Loss", 67.74551391601562, 0);
            clock.now = clock.now.plusMillis(1500);
            w.addScalar("LR/Group_0", 5e-4, 1);
            w.addScalar("grad-para/Total-Norm", 255.0850830078125, 1L << 40);
            w.addScalar("Train-SoftAcc", Double.NaN, 7);
        }
        assertEquals("events.out.tfevents.1700000000.node-7", file.getFileName().toString());
        List<Event> events = decodeFile(file);
        assertEquals(5, events.size());
        assertEquals("brain.Event:2", events.get(0).fileVersion);
        assertEquals(1_700_000_000.25, events.get(0).wallTime, 0.0);
        assertTrue(events.get(0).tags.isEmpty());

        Event loss = events.get(1);
        assertEquals(List.of("Train-Loss"), loss.tags);
        assertEquals(List.of((float) 67.74551391601562), loss.values);
        assertEquals(0, loss.step);
        assertEquals(1_700_000_000.25, loss.wallTime, 0.0);

        Event lr = events.get(2);
        assertEquals(List.of("LR/Group_0"), lr.tags);
        assertEquals(List.of(5e-4f), lr.values);
        assertEquals(1, lr.step);
        assertEquals(1_700_000_001.75, lr.wallTime, 0.0);

        assertEquals(1L << 40, events.get(3).step);
        assertEquals(List.of(255.08508f), events.get(3).values);
        assertTrue(Float.isNaN(events.get(4).values.get(0)));
    }

    @Test
    void flushesWhenQueueIsFullOrIntervalPassed(@TempDir Path dir) throws IOException {
        ManualClock clock = new ManualClock(Instant.ofEpochSecond(1_000));
        try (TfEventsWriter w = TfEventsWriter.open(dir, "h", clock, 3, Duration.ofSeconds(120))) {
            assertEquals(1, decodeFile(w.path()).size(), "file_version is flushed at open");
            w.addScalar("a", 1, 1);
            w.addScalar("a", 2, 2);
            assertEquals(1, decodeFile(w.path()).size(), "two pending events stay buffered");
            w.addScalar("a", 3, 3);
            assertEquals(4, decodeFile(w.path()).size(), "third event fills the queue");
            w.addScalar("a", 4, 4);
            assertEquals(4, decodeFile(w.path()).size());
            clock.now = clock.now.plusSeconds(120);
            w.addScalar("a", 5, 5);
            assertEquals(6, decodeFile(w.path()).size(), "flush interval elapsed");
            w.addScalar("a", 6, 6);
            w.flush();
            assertEquals(7, decodeFile(w.path()).size());
        }
    }

    @Test
    void sameSecondGetsSuffixAndClosedWriterRefuses(@TempDir Path dir) {
        Clock fixed = Clock.fixed(Instant.ofEpochSecond(42), ZoneOffset.UTC);
        TfEventsWriter a = TfEventsWriter.open(dir, "h", fixed, 10, Duration.ofSeconds(1));
        TfEventsWriter b = TfEventsWriter.open(dir, "h", fixed, 10, Duration.ofSeconds(1));
        assertEquals("events.out.tfevents.0000000042.h", a.path().getFileName().toString());
        assertEquals("events.out.tfevents.0000000042.h.1", b.path().getFileName().toString());
        a.close();
        b.close();
        a.close(); // idempotent
        assertThrows(IllegalStateException.class, () -> a.addScalar("x", 1, 1));
        assertFalse(TfEventsWriter.hostName().isEmpty());
    }
}
