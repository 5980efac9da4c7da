package org.vlbert.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vlbert.cli.VlbertException;

class DistEnvTest {
    @Test
    void readsTheLaunchVariables() {
        DistEnv e = DistEnv.from(Map.of("MASTER_ADDR", "localhost", "MASTER_PORT", "29500", "WORLD_SIZE", "4",
                "RANK", "3", "LOCAL_RANK", "1", "LOCAL_WORLD_SIZE", "2")).orElseThrow();
        assertEquals(new DistEnv("localhost", 29500, 4, 3, 1, 2), e);
        assertTrue(e.distributed());
        assertEquals("127.0.0.1", e.masterHostAddress());
    }

    @Test
    void noVariablesMeansASingleProcessAndWorldOneNeedsNoMaster() {
        assertEquals(Optional.empty(), DistEnv.from(Map.of("PATH", "/bin")));
        DistEnv one = DistEnv.from(Map.of("WORLD_SIZE", "1", "RANK", "0")).orElseThrow();
        assertEquals(1, one.worldSize());
        assertEquals(false, one.distributed());
        DistEnv oldLauncher = DistEnv.from(Map.of("MASTER_ADDR", "h", "MASTER_PORT", "1", "WORLD_SIZE", "2", "RANK", "1",
                "LOCAL_RANK", "1")).orElseThrow();
        assertEquals(1, oldLauncher.localWorldSize(), "without LOCAL_WORLD_SIZE each worker assumes it is alone");
    }

    @Test
    void badVariablesAreNamed() {
        assertMessage("environment variable RANK=2 must be in [0, WORLD_SIZE=2)",
                Map.of("MASTER_ADDR", "h", "MASTER_PORT", "1", "WORLD_SIZE", "2", "RANK", "2"));
        assertMessage("environment variable LOCAL_RANK=2 must be in [0, LOCAL_WORLD_SIZE=2)",
                Map.of("MASTER_ADDR", "h", "MASTER_PORT", "1", "WORLD_SIZE", "4", "RANK", "2", "LOCAL_RANK", "2",
                        "LOCAL_WORLD_SIZE", "2"));
        assertMessage("environment variable WORLD_SIZE=two is not an integer", Map.of("WORLD_SIZE", "two", "RANK", "0"));
        assertMessage("environment variable MASTER_PORT is not set (needed for distributed training)",
                Map.of("MASTER_ADDR", "h", "WORLD_SIZE", "2", "RANK", "0"));
        assertMessage("environment variables WORLD_SIZE and RANK must be set together (found only RANK); unset both for"
                + " a single-process run", Map.of("RANK", "0"));
        VlbertException e = assertThrows(VlbertException.class,
                () -> DistEnv.from(Map.of("MASTER_PORT", "29500", "WORLD_SIZE", "2", "RANK", "1")));
        assertTrue(e.getMessage().startsWith("environment variable MASTER_ADDR is not set"), e.getMessage());
    }

    private static void assertMessage(String expected, Map<String, String> env) {
        VlbertException e = assertThrows(VlbertException.class, () -> DistEnv.from(env));
        assertEquals(expected, e.getMessage());
    }
}
