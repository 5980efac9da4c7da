package org.vlbert.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.cli.VlbertException;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.io.Safetensors;

class CheckpointParamsTest {
    private static final Map<String, long[]> SHAPES = Map.of("w", new long[] {2, 2}, "b", new long[] {2});

    private static void checkpoint(Path dir, float value, long globalStep) throws Exception {
        Files.createDirectories(dir);
        Map<String, HostTensor> t = new LinkedHashMap<>();
        t.put("w", HostTensor.ofFloats(new long[] {2, 2}, value, value, value, value));
        t.put("b", HostTensor.ofFloats(new long[] {2}, value, value));
        Safetensors.write(dir.resolve("params.safetensors"), t, Map.of());
        Files.writeString(dir.resolve("state.json"), "{\"global_step\": " + globalStep + "}");
    }

    @Test
    void aRunDirectoryMeansItsBestCheckpointElseTheNewest(@TempDir Path run) throws Exception {
        checkpoint(run.resolve("checkpoints/m-0000"), 1f, 10);
        checkpoint(run.resolve("checkpoints/m-0001"), 2f, 20);
        checkpoint(run.resolve("checkpoints/m-0001-step15"), 3f, 15);
        assertEquals(2f, CheckpointParams.load(run, SHAPES).get("b").toFloatArray()[0]);
        checkpoint(run.resolve("checkpoints/m-best"), 7f, 10);
        assertEquals(7f, CheckpointParams.load(run, SHAPES).get("b").toFloatArray()[0]);
        // a checkpoint directory and a bare safetensors file
        assertEquals(1f, CheckpointParams.load(run.resolve("checkpoints/m-0000"), SHAPES).get("w").toFloatArray()[3]);
        Path file = run.resolve("checkpoints/m-0001/params.safetensors");
        assertArrayEquals(new float[] {2f, 2f}, CheckpointParams.load(file, SHAPES).get("b").toFloatArray());
    }

    @Test
    void aCheckpointOfAnotherModelIsRefusedWithTheDifferences(@TempDir Path dir) throws Exception {
        checkpoint(dir, 1f, 0);
        VlbertException e = assertThrows(VlbertException.class, () -> CheckpointParams.load(dir,
                Map.of("w", new long[] {2, 3}, "c", new long[] {1})));
        assertTrue(e.getMessage().contains("w has shape [2, 2], the model needs [2, 3]"), e.getMessage());
        assertTrue(e.getMessage().contains("missing c"), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected b"), e.getMessage());
    }

    @Test
    void missingPathsExplainWhatIsAccepted(@TempDir Path dir) {
        VlbertException e = assertThrows(VlbertException.class, () -> CheckpointParams.resolve(dir.resolve("nope")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        VlbertException empty = assertThrows(VlbertException.class, () -> CheckpointParams.resolve(dir));
        assertTrue(empty.getMessage().contains("neither a checkpoint directory"), empty.getMessage());
    }
}
