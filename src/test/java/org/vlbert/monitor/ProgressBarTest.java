package org.vlbert.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void silentWithoutTerminal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar("val", 10, new PrintStream(bytes, true, StandardCharsets.UTF_8), false, () -> 0L);
        for (int i = 0; i <= 10; i++) {
            bar.update(i);
        }
        bar.finish(10);
        assertEquals(0, bytes.size());
    }

    @Test
    void forConsoleFollowsSystemConsole() {
        assertEquals(System.console() != null, ProgressBar.forConsole("x", 1).enabled());
    }

    @Test
    void rendersThrottledAndFinishesLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long[] now = {0};
        ProgressBar bar = new ProgressBar("val", 200, new PrintStream(bytes, true, StandardCharsets.UTF_8), true, () -> now[0]);
        bar.update(0);
        now[0] = 50_000_000L;
        bar.update(50); // within 100 ms of the last draw: skipped
        now[0] = 150_000_000L;
        bar.update(100);
        bar.finish(200);
        String out = bytes.toString(StandardCharsets.UTF_8);
        String[] frames = out.split("\r", -1);
        assertEquals(4, frames.length, out); // "", 0/200, 100/200, 200/200 + newline
        assertEquals("val [>                             ]   0.0% 0/200", frames[1]);
        assertEquals("val [===============>              ]  50.0% 100/200", frames[2]);
        assertEquals("val [==============================] 100.0% 200/200" + System.lineSeparator(), frames[3]);
        bar.update(10);
        assertTrue(bytes.toString(StandardCharsets.UTF_8).equals(out), "nothing drawn after finish");
    }
}
