package org.vlbert.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.runtime.TensorSlab;
import org.vlbert.train.optim.OptimizerState;

class RunCheckpointsTest {
    private static Path save(Path run, Map<String, String> metadata) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("w", new long[] {2, 3});
        try (TensorSlab params = new TensorSlab(shapes)) {
            params.floats("w").put(new float[] {1, 2, 3, 4, 5, 6});
            OptimizerState opt = new OptimizerState("AdamW",
                    Map.of("exp_avg.w", FloatBuffer.wrap(new float[6]), "exp_avg_sq.w", FloatBuffer.wrap(new float[6])),
                    Map.of("w", 3L));
            TrainState state = new TrainState(1, 0, 8, 8, Map.of("counter", 8.0), 0, 0.5, 7, 0, 0);
            RunCheckpoints ck = new RunCheckpoints(run, "m", metadata, null, w -> { });
            ck.save(state, params, opt, false);
            return ck.directory().resolve(ck.nameFor(state));
        }
    }

    /**
     * The metadata is written in a fixed order (keys sorted, by Safetensors.write), not in the
     * iteration order of the caller's map, which for Map.of differs between JVMs.
     */
    @Test
    void metadataIsWrittenInAFixedOrder(@TempDir Path a, @TempDir Path b) throws IOException {
        Map<String, String> forward = new LinkedHashMap<>();
        forward.put("vlbert.task", "vqa");
        forward.put("vlbert.config_hash", "abc");
        Map<String, String> backward = new LinkedHashMap<>();
        backward.put("vlbert.config_hash", "abc");
        backward.put("vlbert.task", "vqa");
        Path one = save(a, forward);
        Path two = save(b, backward);
        String header = new String(Files.readAllBytes(one.resolve("params.safetensors")), StandardCharsets.UTF_8);
        assertTrue(header.contains("{\"vlbert.config_hash\":\"abc\",\"vlbert.kind\":\"params\",\"vlbert.task\":\"vqa\"}"),
                () -> header);
        for (String f : new String[] {"params.safetensors", "optimizer.safetensors"}) {
            assertArrayEquals(Files.readAllBytes(one.resolve(f)), Files.readAllBytes(two.resolve(f)), f);
        }
    }
}
