package org.vlbert.tasks;

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
 * Loads a model's parameters from any checkpoint a user may point at, strictly: every expected
 * parameter must be present with its shape, and nothing else may be left over.
 *
 * <p>Accepted forms of {@code ckpt}:
 * <ul>
 *   <li>a run checkpoint directory ({@code <run>/checkpoints/<prefix>-<epoch>}, holding
 *       {@code params.safetensors});</li>
 *   <li>a run directory (or its {@code checkpoints/} folder): its {@code *-best} checkpoint, else
 *       the newest one by global step;</li>
 *   <li>a {@code .safetensors} file;</li>
 *   <li>an original PyTorch {@code .model} / {@code .bin} file ({@code torch.save} of a state dict):
 *       a leading {@code module.} (DataParallel) is stripped, and the MLM decoder weight, which the
 *       reference stores a second time because it is tied to the word embeddings, is skipped.</li>
 * </ul>
 * Floating-point tensors of other widths (float16, bfloat16, float64) are converted to float32.
 */
public final class CheckpointFiles {
    /** The parameter file inside a run checkpoint directory. */
    public static final String PARAMS_FILE = "params.safetensors";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TIED_DECODER = "mlm_head.predictions.decoder.weight";

    private CheckpointFiles() {}

    /** The parameters named in {@code expected} (name → shape), in that order, as float32. */
    public static Map<String, HostTensor> loadParams(Path ckpt, Map<String, long[]> expected) {
        Path file = resolve(ckpt);
        Map<String, HostTensor> source = isSafetensors(file) ? readSafetensors(file) : readTorch(file);
        return match(file, source, expected);
    }

    /**
     * The file whose tensors {@link #loadParams} reads for {@code ckpt}: the params file of the
     * chosen run checkpoint, or {@code ckpt} itself when it is a file.
     */
    public static Path resolve(Path ckpt) {
        if (Files.isRegularFile(ckpt)) {
            return ckpt;
        }
        if (!Files.isDirectory(ckpt)) {
            throw new VlbertException("checkpoint " + ckpt + " does not exist; pass a run directory, a checkpoint"
                    + " directory (holding " + PARAMS_FILE + "), a .safetensors file or a PyTorch .model file");
        }
        if (Files.isRegularFile(ckpt.resolve(PARAMS_FILE))) {
            return ckpt.resolve(PARAMS_FILE);
        }
        Path folder = Files.isDirectory(ckpt.resolve("checkpoints")) ? ckpt.resolve("checkpoints") : ckpt;
        return chooseCheckpoint(ckpt, folder).resolve(PARAMS_FILE);
    }

    // ------------------------------------------------------------------ run directories

    private record Candidate(Path dir, long globalStep, boolean best) {}

    /** The best checkpoint under {@code folder}, else the newest (highest global step, then newest file). */
    private static Path chooseCheckpoint(Path given, Path folder) {
        List<Candidate> candidates = new ArrayList<>();
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || !Files.isRegularFile(p.resolve(PARAMS_FILE))) {
                    continue;
                }
                candidates.add(new Candidate(p, globalStep(p), name.endsWith("-best")));
            }
        } catch (IOException e) {
            throw new VlbertException("cannot list checkpoints in " + folder + ": " + e.getMessage(), e);
        }
        if (candidates.isEmpty()) {
            throw new VlbertException(given + " holds no checkpoint: expected " + PARAMS_FILE + " in it, or"
                    + " checkpoint directories under " + given.resolve("checkpoints") + " (train first, or pass a"
                    + " .safetensors or PyTorch .model file)");
        }
        Comparator<Candidate> order = Comparator.comparing(Candidate::best)
                .thenComparingLong(Candidate::globalStep)
                .thenComparing(c -> modified(c.dir()));
        return candidates.stream().max(order).orElseThrow().dir();
    }

    /** The checkpoint's global step from its state.json, or -1 when unreadable. */
    private static long globalStep(Path dir) {
        try {
            JsonNode st = JSON.readTree(dir.resolve("state.json").toFile());
            return st.path("global_step").asLong(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    private static java.nio.file.attribute.FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p.resolve(PARAMS_FILE));
        } catch (IOException e) {
            return java.nio.file.attribute.FileTime.fromMillis(0);
        }
    }

    // ------------------------------------------------------------------ reading

    private static boolean isSafetensors(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".safetensors");
    }

    private static Map<String, HostTensor> readSafetensors(Path file) {
        try {
            return Safetensors.read(file).tensors();
        } catch (TensorFileException e) {
            throw new VlbertException(e.getMessage(), e);
        } catch (IOException e) {
            throw new VlbertException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, HostTensor> readTorch(Path file) {
        Map<String, HostTensor> sd;
        try {
            sd = TorchCheckpointReader.readStateDict(file);
        } catch (TensorFileException e) {
            throw new VlbertException(e.getMessage(), e);
        } catch (IOException e) {
            throw new VlbertException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, HostTensor> stripped = StateDictImporter.stripPrefix(sd, "module.");
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, HostTensor> e : stripped.entrySet()) {
            if (!isTiedAlias(file, e.getKey(), e.getValue(), stripped)) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** The MLM decoder weight is the word-embedding table itself (weight tying), stored twice. */
    private static boolean isTiedAlias(Path file, String key, HostTensor value, Map<String, HostTensor> sd) {
        if (!key.endsWith(TIED_DECODER)) {
            return false;
        }
        String prefix = key.substring(0, key.length() - TIED_DECODER.length());
        HostTensor words = sd.get(prefix + "embeddings.word_embeddings.weight");
        if (words == null) {
            words = sd.get(prefix + "word_embeddings.weight");
        }
        if (words == null || !words.buffer().equals(value.buffer())) {
            throw new VlbertException(file + ": " + key + " is not tied to the word embeddings of " + prefix
                    + " (the reference ties the MLM decoder to them); this checkpoint was not written by VL-BERT");
        }
        return true;
    }

    // ------------------------------------------------------------------ matching

    private static Map<String, HostTensor> match(Path file, Map<String, HostTensor> source,
                                                 Map<String, long[]> expected) {
        List<String> missing = new ArrayList<>();
        List<String> wrongShape = new ArrayList<>();
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            HostTensor t = source.get(e.getKey());
            if (t == null) {
                missing.add(e.getKey());
            } else if (!Arrays.equals(t.shape(), e.getValue())) {
                wrongShape.add(e.getKey() + " is " + Arrays.toString(t.shape()) + ", the model needs "
                        + Arrays.toString(e.getValue()));
            } else {
                out.put(e.getKey(), asFloat32(file, e.getKey(), t));
            }
        }
        List<String> unexpected = source.keySet().stream().filter(k -> !expected.containsKey(k)).toList();
        if (missing.isEmpty() && wrongShape.isEmpty() && unexpected.isEmpty()) {
            return out;
        }
        StringBuilder msg = new StringBuilder(file + " does not fit the model built from the config:");
        appendList(msg, "missing parameters", missing);
        appendList(msg, "unexpected tensors", unexpected);
        appendList(msg, "shape mismatches", wrongShape);
        msg.append("\ncheck that --cfg is the config the checkpoint was trained with (same task, sizes and"
                + " ANSWER_VOCAB_SIZE)");
        throw new VlbertException(msg.toString());
    }

    private static void appendList(StringBuilder msg, String what, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        int shown = Math.min(items.size(), 10);
        msg.append("\n").append(items.size()).append(' ').append(what).append(": ")
                .append(String.join(", ", items.subList(0, shown)));
        if (shown < items.size()) {
            msg.append(", ... (").append(items.size() - shown).append(" more)");
        }
    }

    private static HostTensor asFloat32(Path file, String name, HostTensor t) {
        if (t.dtype() == DType.FLOAT) {
            return t;
        }
        if (!t.dtype().isFloatingPoint()) {
            throw new VlbertException(file + ": parameter " + name + " is " + t.dtype().numpyName()
                    + ", not a floating-point tensor");
        }
        return HostTensor.ofFloats(t.shape(), t.toFloatArrayConverted());
    }
}
