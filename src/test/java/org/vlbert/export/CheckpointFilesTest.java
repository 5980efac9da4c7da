package org.vlbert.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.cli.VlbertException;
import org.vlbert.config.ConfigLoader;
import org.vlbert.config.Task;
import org.vlbert.config.VlbertConfig;
import org.vlbert.eval.InferenceModel;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.io.Safetensors;
import org.vlbert.tasks.CheckpointFiles;
import org.vlbert.tasks.ModelFactory;
import org.vlbert.testutil.SharedFixtures;

/** The checkpoint forms CheckpointFiles accepts, and its errors. */
class CheckpointFilesTest {
    @TempDir
    Path tmp;

    private static final Map<String, long[]> SHAPES = Map.of("a.weight", new long[] {2, 3}, "a.bias", new long[] {2});

    private static Map<String, HostTensor> params(float base) {
        Map<String, HostTensor> m = new LinkedHashMap<>();
        m.put("a.weight", HostTensor.ofFloats(new long[] {2, 3}, base, base + 1, base + 2, base + 3, base + 4, base + 5));
        m.put("a.bias", HostTensor.ofFloats(new long[] {2}, -base, -base - 1));
        return m;
    }

    /** A run checkpoint directory with params.safetensors and state.json at {@code step}. */
    private Path checkpoint(Path run, String name, float base, long step) throws IOException {
        Path dir = Files.createDirectories(run.resolve("checkpoints").resolve(name));
        Safetensors.write(dir.resolve("params.safetensors"), params(base), Map.of());
        Files.writeString(dir.resolve("state.json"), "{\"format_version\": 1, \"global_step\": " + step + "}");
        return dir;
    }

    private static float first(Map<String, HostTensor> p) {
        return p.get("a.weight").toFloatArray()[0];
    }

    @Test
    void runDirectoryPrefersBestThenNewest() throws IOException {
        Path run = tmp.resolve("run");
        checkpoint(run, "m-0000", 10, 100);
        checkpoint(run, "m-0001", 20, 200);
        checkpoint(run, "m-0000-step50", 30, 50);
        assertEquals(20, first(CheckpointFiles.loadParams(run, SHAPES)));
        assertEquals(20, first(CheckpointFiles.loadParams(run.resolve("checkpoints"), SHAPES)));
        checkpoint(run, "m-best", 40, 100);
        assertEquals(40, first(CheckpointFiles.loadParams(run, SHAPES)));
        assertEquals(run.resolve("checkpoints/m-best/params.safetensors"), CheckpointFiles.resolve(run));
        // A checkpoint directory and its safetensors file load directly.
        assertEquals(10, first(CheckpointFiles.loadParams(run.resolve("checkpoints/m-0000"), SHAPES)));
        assertEquals(30, first(CheckpointFiles.loadParams(
                run.resolve("checkpoints/m-0000-step50/params.safetensors"), SHAPES)));
    }

    @Test
    void mismatchesAreListed() throws IOException {
        Path f = tmp.resolve("p.safetensors");
        Map<String, HostTensor> p = params(1);
        p.put("extra", HostTensor.ofFloats(new long[] {1}, 0));
        p.put("a.bias", HostTensor.ofFloats(new long[] {3}, 0, 0, 0));
        Safetensors.write(f, p, Map.of());
        Map<String, long[]> want = new LinkedHashMap<>(SHAPES);
        want.put("b.weight", new long[] {4});
        VlbertException e = assertThrows(VlbertException.class, () -> CheckpointFiles.loadParams(f, want));
        assertTrue(e.getMessage().contains("1 missing parameters: b.weight"), e.getMessage());
        assertTrue(e.getMessage().contains("1 unexpected tensors: extra"), e.getMessage());
        assertTrue(e.getMessage().contains("a.bias is [3], the model needs [2]"), e.getMessage());
    }

    @Test
    void otherFloatWidthsBecomeFloat32() throws IOException {
        Path f = tmp.resolve("f64.safetensors");
        HostTensor w = HostTensor.allocate(DType.DOUBLE, 2, 3);
        for (int i = 0; i < 6; i++) {
            w.buffer().putDouble(i * 8, i + 0.5);
        }
        Safetensors.write(f, Map.of("a.weight", w, "a.bias", HostTensor.ofFloats(new long[] {2}, 1, 2)), Map.of());
        HostTensor loaded = CheckpointFiles.loadParams(f, SHAPES).get("a.weight");
        assertEquals(DType.FLOAT, loaded.dtype());
        assertArrayEquals(new float[] {0.5f, 1.5f, 2.5f, 3.5f, 4.5f, 5.5f}, loaded.toFloatArray());
    }

    @Test
    void emptyRunAndMissingPathAreExplained() throws IOException {
        Path run = Files.createDirectories(tmp.resolve("empty/checkpoints"));
        VlbertException e = assertThrows(VlbertException.class,
                () -> CheckpointFiles.loadParams(run.getParent(), SHAPES));
        assertTrue(e.getMessage().contains("holds no checkpoint"), e.getMessage());
        e = assertThrows(VlbertException.class, () -> CheckpointFiles.loadParams(tmp.resolve("nope"), SHAPES));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void originalPyTorchCheckpointsLoadWithOrWithoutModulePrefix() {
        // The reference VQA fixture holds the same weights as a plain and a DataParallel (module.*) state dict.
        Path dir = SharedFixtures.reference("vqa");
        VlbertConfig cfg = ConfigLoader.load(dir.resolve("config.yaml"), Task.VQA, List.of());
        Map<String, long[]> shapes = InferenceModel.parameterShapes(ModelFactory.create(cfg));
        Map<String, HostTensor> plain = CheckpointFiles.loadParams(dir.resolve("ckpt_plain.model"), shapes);
        Map<String, HostTensor> ddp = CheckpointFiles.loadParams(dir.resolve("ckpt_ddp.model"), shapes);
        assertEquals(shapes.keySet(), plain.keySet());
        assertEquals(shapes.keySet(), ddp.keySet());
        plain.forEach((k, v) -> assertEquals(v.buffer(), ddp.get(k).buffer(), k));
    }
}
