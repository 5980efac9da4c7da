package org.vlbert.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.vlbert.cli.VlbertException;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.io.Safetensors;
import org.vlbert.io.StateDictImporter;
import org.vlbert.io.TensorFileException;
import org.vlbert.io.TorchCheckpointReader;

/**
 * The model parameters of a {@code --ckpt} argument, strictly matched to a model (every parameter
 * present with its shape, nothing left over, as the reference test scripts load their checkpoint):
 * <ul>
 *   <li>a checkpoint directory of a run ({@code <run>/checkpoints/<prefix>-0004}) holding
 *       {@code params.safetensors};</li>
 *   <li>a run directory ({@code vlbert train --out}): its {@code <prefix>-best} checkpoint, else the
 *       newest one (largest global step in state.json);</li>
 *   <li>a {@code .safetensors} file;</li>
 *   <li>an original PyTorch checkpoint ({@code .model}, {@code .pth}, {@code .bin}): its state dict,
 *       with a leading {@code module.} (DataParallel) removed.</li>
 * </ul>
 */
public final class CheckpointParams {
    private static final String PARAMS = "params.safetensors";

    private CheckpointParams() {}

    /** The parameter file or checkpoint that {@code ckpt} designates (see the class comment). */
    public static Path resolve(Path ckpt) {
        if (Files.isRegularFile(ckpt)) {
            return ckpt;
        }
        if (!Files.isDirectory(ckpt)) {
            throw new VlbertException("--ckpt " + ckpt + " does not exist: pass a run directory, one of its"
                    + " checkpoints/<prefix>-NNNN directories, a .safetensors file or an original .model file");
        }
        if (Files.isRegularFile(ckpt.resolve(PARAMS))) {
            return ckpt.resolve(PARAMS);
        }
        Path dir = ckpt.resolve("checkpoints");
        if (!Files.isDirectory(dir)) {
            throw new VlbertException("--ckpt " + ckpt + " is neither a checkpoint directory (no " + PARAMS
                    + ") nor a run directory (no checkpoints/)");
        }
        return chooseInRun(dir).resolve(PARAMS);
    }

    /** {@code <prefix>-best} if there is exactly one, else the newest complete checkpoint. */
    private static Path chooseInRun(Path dir) {
        List<Path> best = new ArrayList<>();
        List<Path> all = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || !Files.isRegularFile(p.resolve(PARAMS))) {
                    continue; // temporary or damaged
                }
                (name.endsWith("-best") ? best : all).add(p);
            }
        } catch (IOException e) {
            throw new VlbertException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        if (best.size() == 1) {
            return best.get(0);
        }
        if (all.isEmpty()) {
            throw new VlbertException(dir + " holds no complete checkpoint (a directory with " + PARAMS + ")");
        }
        ObjectMapper json = new ObjectMapper();
        return all.stream().max(Comparator.comparingLong((Path p) -> globalStep(json, p))
                .thenComparing(p -> p.getFileName().toString())).orElseThrow();
    }

    private static long globalStep(ObjectMapper json, Path checkpoint) {
        try {
            JsonNode state = json.readTree(checkpoint.resolve("state.json").toFile());
            return state.path("global_step").asLong(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Reads {@code ckpt} and checks it against the model's parameter shapes; tensors of another
     * float type are converted to float32.
     */
    public static Map<String, HostTensor> load(Path ckpt, Map<String, long[]> shapes) {
        Path file = resolve(ckpt);
        Map<String, HostTensor> stored = read(file);
        Map<String, HostTensor> out = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            HostTensor t = stored.get(e.getKey());
            if (t == null) {
                problems.add("missing " + e.getKey());
            } else if (!Arrays.equals(t.shape(), e.getValue())) {
                problems.add(e.getKey() + " has shape " + Arrays.toString(t.shape()) + ", the model needs "
                        + Arrays.toString(e.getValue()));
            } else {
                out.put(e.getKey(), t.dtype() == DType.FLOAT ? t
                        : HostTensor.ofFloats(t.shape(), t.toFloatArrayConverted()));
            }
        }
        stored.keySet().stream().filter(k -> !shapes.containsKey(k)).forEach(k -> problems.add("unexpected " + k));
        if (!problems.isEmpty()) {
            int shown = Math.min(problems.size(), 8);
            throw new VlbertException(file + " does not fit the model of the config (" + problems.size()
                    + " problem(s)): " + String.join("; ", problems.subList(0, shown))
                    + (shown < problems.size() ? "; ..." : "")
                    + "\nuse the config the checkpoint was trained with (its run directory has config.yaml)");
        }
        return out;
    }

    private static Map<String, HostTensor> read(Path file) {
        try {
            if (file.getFileName().toString().endsWith(".safetensors")) {
                return Safetensors.read(file).tensors();
            }
            return StateDictImporter.stripPrefix(TorchCheckpointReader.readStateDict(file), "module.");
        } catch (IOException | TensorFileException e) {
            throw new VlbertException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
    }
}
