package org.vlbert.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.vlbert.cli.VlbertException;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.io.AtomicFiles;
import org.vlbert.io.FileTrees;
import org.vlbert.io.Safetensors;
import org.vlbert.io.SafetensorsFile;
import org.vlbert.runtime.TensorSlab;
import org.vlbert.train.optim.OptimizerState;

/**
 * A run's checkpoints, one directory each under {@code <run>/checkpoints/}:
 * {@code <prefix>-<epoch:04d>} after epoch e (0-based, as the reference names its .model files)
 * or {@code <prefix>-<epoch:04d>-step<global step>} for mid-epoch saves, holding
 * {@code params.safetensors}, {@code optimizer.safetensors} and {@code state.json}.
 *
 * <p>A checkpoint is written into a temporary directory (every file fsynced) that is renamed into
 * place, so a crash at any moment leaves either the complete new checkpoint or none; previous
 * checkpoints are never touched. {@code <prefix>-best} is replaced the same way.
 */
public final class RunCheckpoints implements CheckpointStore {
    public static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final String prefix;
    private final Map<String, String> metadata;
    private final Consumer<String> warn;
    private final Integer resumeEpoch;

    /**
     * @param resumeEpoch if not null, {@link #loadLatest} loads exactly the checkpoint written after
     *                    that epoch (TRAIN.RESUME with BEGIN_EPOCH - 1) instead of the newest one
     */
    public RunCheckpoints(Path runDir, String prefix, Map<String, String> metadata, Integer resumeEpoch,
                          Consumer<String> warn) {
        this.dir = runDir.resolve("checkpoints");
        this.prefix = prefix;
        this.metadata = Map.copyOf(metadata);
        this.resumeEpoch = resumeEpoch;
        this.warn = warn;
    }

    public Path directory() {
        return dir;
    }

    /** The directory name for a checkpoint taken at {@code state}. */
    String nameFor(TrainState state) {
        if (state.nextBatch() == 0) {
            return String.format("%s-%04d", prefix, state.epoch() - 1);
        }
        return String.format("%s-%04d-step%d", prefix, state.epoch(), state.globalStep());
    }

    @Override
    public void save(TrainState state, TensorSlab params, OptimizerState optimizer, boolean best) {
        try {
            Files.createDirectories(dir);
            Path target = dir.resolve(nameFor(state));
            writeAtomically(target, state, params, optimizer);
            if (best) {
                writeAtomically(dir.resolve(prefix + "-best"), state, params, optimizer);
            }
        } catch (IOException e) {
            throw new VlbertException("cannot write a checkpoint under " + dir + ": " + e.getMessage()
                    + " (check free disk space and permissions)", e);
        }
    }

    private void writeAtomically(Path target, TrainState state, TensorSlab params, OptimizerState optimizer)
            throws IOException {
        Path tmp = Files.createTempDirectory(dir, "." + target.getFileName() + ".");
        try {
            Map<String, HostTensor> p = new LinkedHashMap<>();
            for (String name : params.slots().keySet()) {
                p.put(name, params.view(name));
            }
            Map<String, String> meta = new LinkedHashMap<>(metadata);
            meta.put("vlbert.kind", "params");
            Safetensors.write(tmp.resolve("params.safetensors"), p, meta);
            Safetensors.write(tmp.resolve("optimizer.safetensors"), optimizerTensors(params, optimizer),
                    Map.of("vlbert.kind", "optimizer", "vlbert.optimizer", optimizer.optimizer()));
            byte[] json = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(stateJson(state, optimizer));
            AtomicFiles.write(tmp.resolve("state.json"), ch -> ch.write(ByteBuffer.wrap(json)));
            if (Files.exists(target)) {
                // Replacing (best, or a re-run of the same step): move the old one aside first.
                Path old = Files.createTempDirectory(dir, "." + target.getFileName() + ".old.");
                Files.delete(old);
                Files.move(target, old, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                FileTrees.delete(old);
            } else {
                Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            fsync(dir);
        } finally {
            if (Files.exists(tmp)) {
                FileTrees.delete(tmp);
            }
        }
    }

    private static Map<String, HostTensor> optimizerTensors(TensorSlab params, OptimizerState optimizer) {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, FloatBuffer> e : optimizer.tensors().entrySet()) {
            String key = e.getKey();
            String param = key.substring(key.indexOf('.') + 1);
            long[] shape = params.contains(param) ? params.slot(param).shape() : new long[] {e.getValue().remaining()};
            FloatBuffer src = e.getValue().duplicate();
            ByteBuffer bytes = HostTensor.allocateDirect(4L * src.remaining());
            bytes.asFloatBuffer().put(src);
            out.put(key, new HostTensor(DType.FLOAT, shape, bytes));
        }
        return out;
    }

    private static ObjectNode stateJson(TrainState s, OptimizerState optimizer) {
        ObjectNode n = JSON.createObjectNode();
        n.put("format_version", FORMAT_VERSION);
        n.put("epoch", s.epoch());
        n.put("next_batch", s.nextBatch());
        n.put("global_step", s.globalStep());
        n.put("updates", s.updates());
        n.put("best_epoch", s.bestEpoch());
        n.put("best_value", s.bestValue());
        n.put("seed", s.seed());
        n.put("loss_scale", s.lossScale());
        n.put("loss_scale_unskipped", s.lossScaleUnskipped());
        ObjectNode sched = n.putObject("scheduler");
        s.scheduler().forEach((k, v) -> {
            if (Double.isFinite(v)) {
                sched.put(k, v);
            } else {
                sched.put(k, v.toString());
            }
        });
        n.put("optimizer", optimizer.optimizer());
        ObjectNode steps = n.putObject("optimizer_steps");
        optimizer.steps().forEach(steps::put);
        return n;
    }

    @Override
    public Optional<Loaded> loadLatest() {
        if (!Files.isDirectory(dir)) {
            if (resumeEpoch != null) {
                throw new VlbertException("TRAIN.RESUME is set but " + dir + " holds no checkpoints");
            }
            return Optional.empty();
        }
        if (resumeEpoch != null) {
            Path p = dir.resolve(String.format("%s-%04d", prefix, resumeEpoch));
            try {
                return Optional.of(load(p));
            } catch (IOException | RuntimeException e) {
                throw new VlbertException("TRAIN.RESUME: cannot load " + p + ": " + e.getMessage(), e);
            }
        }
        List<Candidate> candidates = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                if (!Files.isDirectory(p) || name.startsWith(".") || !name.startsWith(prefix + "-")
                        || name.equals(prefix + "-best")) {
                    continue;
                }
                try {
                    JsonNode st = JSON.readTree(p.resolve("state.json").toFile());
                    candidates.add(new Candidate(p, st.path("global_step").asLong(), st.path("epoch").asInt()));
                } catch (IOException e) {
                    warn.accept("skipping damaged checkpoint " + p + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new VlbertException("cannot list checkpoints in " + dir + ": " + e.getMessage(), e);
        }
        candidates.sort(Comparator.comparingLong(Candidate::globalStep).thenComparingInt(Candidate::epoch).reversed());
        for (Candidate c : candidates) {
            try {
                return Optional.of(load(c.path()));
            } catch (IOException | RuntimeException e) {
                warn.accept("skipping damaged checkpoint " + c.path() + ": " + e.getMessage()
                        + "; falling back to an older one");
            }
        }
        return Optional.empty();
    }

    private record Candidate(Path path, long globalStep, int epoch) {}

    /** Reads one checkpoint directory (copies the tensors, so the files can be replaced later). */
    public static Loaded load(Path p) throws IOException {
        JsonNode st = JSON.readTree(p.resolve("state.json").toFile());
        if (st.path("format_version").asInt(-1) != FORMAT_VERSION) {
            throw new IOException("unsupported checkpoint format_version " + st.path("format_version"));
        }
        SafetensorsFile pf = Safetensors.read(p.resolve("params.safetensors"));
        Map<String, HostTensor> params = new LinkedHashMap<>();
        pf.tensors().forEach((k, v) -> params.put(k, v.copy()));
        SafetensorsFile of = Safetensors.read(p.resolve("optimizer.safetensors"));
        Map<String, FloatBuffer> opt = new LinkedHashMap<>();
        of.tensors().forEach((k, v) -> opt.put(k, v.copy().floatView()));
        Map<String, Long> steps = new LinkedHashMap<>();
        st.path("optimizer_steps").properties().forEach(e -> steps.put(e.getKey(), e.getValue().asLong()));
        Map<String, Double> sched = new LinkedHashMap<>();
        st.path("scheduler").properties().forEach(e -> sched.put(e.getKey(),
                e.getValue().isNumber() ? e.getValue().asDouble() : Double.parseDouble(e.getValue().asText())));
        TrainState state = new TrainState(st.path("epoch").asInt(), st.path("next_batch").asInt(),
                st.path("global_step").asLong(), st.path("updates").asLong(), sched, st.path("best_epoch").asInt(),
                st.path("best_value").asDouble(), st.path("seed").asLong(), st.path("loss_scale").asDouble(0),
                st.path("loss_scale_unskipped").asInt(0));
        return new Loaded(params, new OptimizerState(st.path("optimizer").asText(), opt, steps), state, p.toString());
    }

    private static void fsync(Path d) {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(d,
                java.nio.file.StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort on platforms that cannot open directories
        }
    }
}
