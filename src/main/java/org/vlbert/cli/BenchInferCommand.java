package org.vlbert.cli;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.vlbert.config.Task;
import org.vlbert.config.VlbertConfig;
import org.vlbert.export.Exporter;
import org.vlbert.export.Optimization;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.artifacts.ArtifactWriter;
import org.vlbert.graphs.init.ParamInitializer;
import org.vlbert.graphs.ir.Param;
import org.vlbert.graphs.model.Dropout;
import org.vlbert.graphs.model.TaskGraph;
import org.vlbert.graphs.model.vlbert.RegionFeatures;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.runtime.OrtSessions;
import org.vlbert.runtime.OrtTensors;
import org.vlbert.tasks.ModelFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code vlbert bench infer}: inference speed of the graph {@code vlbert export} writes for a VQA
 * config, on random weights and random inputs, in ONNX Runtime on the CPU.
 */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = {"Inference speed of the exported VQA graph (random weights and inputs): ms per batch and, as"
                + " the last line, samples/s (from the median batch time)."})
public final class BenchInferCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigOptions config;

    @Option(names = "--batch", defaultValue = "8", description = "Samples per run (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--boxes", defaultValue = "36", description = "Detected boxes per image; the whole-image box is"
            + " added (default: ${DEFAULT-VALUE}).")
    private int boxes;

    @Option(names = "--text-len", defaultValue = "16", description = "Question tokens (default: ${DEFAULT-VALUE}).")
    private int textLen;

    @Option(names = "--steps", defaultValue = "10", description = "Timed runs (default: ${DEFAULT-VALUE}).")
    private int steps;

    @Option(names = "--warmup", defaultValue = "2", description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--threads", defaultValue = "2", description = "ORT intra-op threads (default: ${DEFAULT-VALUE}).")
    private int threads;

    @Option(names = "--optimize", description = "The graph 'vlbert export --optimize' writes.")
    private boolean optimize;

    @Option(names = "--profile", paramLabel = "PREFIX", description = "Write an ORT profile (JSON) with this prefix.")
    private Path profile;

    @Override
    public Integer call() throws OrtException {
        if (batch < 1 || boxes < 1 || textLen < 1 || steps < 1 || warmup < 0 || threads < 1) {
            throw new ParameterException(spec.commandLine(), "--batch, --boxes, --text-len, --steps and --threads must"
                    + " be >= 1 and --warmup >= 0");
        }
        VlbertConfig cfg = config.load(spec);
        if (cfg.task() != Task.VQA) {
            throw new VlbertException("bench infer generates VQA-shaped inputs; " + cfg.source() + " is a "
                    + cfg.task().id() + " config");
        }
        PrintWriter out = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        TaskGraph graph = ModelFactory.create(cfg);
        GraphBuilder probe = new GraphBuilder();
        graph.build(probe, Dropout.none(), false);
        Map<String, HostTensor> values = new ParamInitializer(0).initializeAll(probe.graph().params().values());
        long numel = probe.graph().params().values().stream().mapToLong(Param::numel).sum();
        Path dir;
        try {
            dir = Files.createTempDirectory("vlbert-bench-infer-");
            new ArtifactWriter(graph).writeInfer(dir, "model.onnx", values);
            values = null;
            (optimize ? Optimization.optimized() : Optimization.none()).apply(dir.resolve("model.onnx"), null, threads);
        } catch (IOException e) {
            throw new VlbertException("cannot write the benchmark model to a temporary folder: " + e.getMessage(), e);
        }
        double buildMs = (System.nanoTime() - t0) / 1e6;
        out.printf("config %s: hidden %d, layers %d, %,d parameters; batch %d, boxes %d+1, question %d tokens, %d"
                        + " threads, graph %s; export %.0f ms%n", cfg.source(), cfg.vlbert().hiddenSize(),
                cfg.vlbert().numHiddenLayers(), numel, batch, boxes, textLen, threads,
                optimize ? "--optimize (ORT offline basic)" : "standard", buildMs);
        out.flush();
        Map<String, HostTensor> inputs = randomInputs(new SplittableRandom(7), cfg.vlbert().vocabSize());
        double[] ms = new double[steps];
        long s0 = System.nanoTime();
        try (OrtSession session = session(dir.resolve("model.onnx"))) {
            out.printf("session created in %.0f ms%n", (System.nanoTime() - s0) / 1e6);
            Map<String, ai.onnxruntime.OnnxTensor> feeds = new LinkedHashMap<>();
            inputs.forEach((k, v) -> feeds.put(k, OrtTensors.wrap(v)));
            try {
                for (int i = 0; i < warmup + steps; i++) {
                    long a = System.nanoTime();
                    session.run(feeds).close();
                    double step = (System.nanoTime() - a) / 1e6;
                    if (i >= warmup) {
                        ms[i - warmup] = step;
                    }
                    out.printf("%s %d: %.1f ms%n", i < warmup ? "warm-up" : "run", i < warmup ? i : i - warmup, step);
                    out.flush();
                }
                if (profile != null) {
                    out.printf("profile: %s%n", session.endProfiling());
                }
            } finally {
                feeds.values().forEach(ai.onnxruntime.OnnxTensor::close);
            }
        } finally {
            try {
                Exporter.deleteTree(dir);
            } catch (IOException e) {
                out.printf("warning: could not delete %s: %s%n", dir, e.getMessage());
            }
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double median = sorted[steps / 2];
        double mean = Arrays.stream(ms).average().orElse(Double.NaN);
        out.printf("ms per batch: median %.1f, mean %.1f, min %.1f; mean-based %.2f samples/s%n", median, mean,
                sorted[0], batch * 1000 / mean);
        out.printf("samples/s: %.2f%n", batch * 1000 / median);
        return Main.EXIT_OK;
    }

    private OrtSession session(Path model) throws OrtException {
        if (profile == null) {
            return OrtSessions.create(model.toString(), OrtSessions.Settings.cpu(threads));
        }
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(threads);
            o.setInterOpNumThreads(1);
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            o.enableProfiling(profile.toString());
            return ai.onnxruntime.OrtEnvironment.getEnvironment().createSession(model.toString(), o);
        }
    }

    /** Boxes inside a 1000×600 image (whole image first), features in [0, 1), random question ids. */
    private Map<String, HostTensor> randomInputs(SplittableRandom r, long vocab) {
        int n = boxes + 1;
        int width = 4 + (int) RegionFeatures.FEATURE_DIM;
        HostTensor bx = HostTensor.allocate(DType.FLOAT, batch, n, width);
        var bf = bx.floatView();
        for (int i = 0; i < batch; i++) {
            for (int j = 0; j < n; j++) {
                int base = (i * n + j) * width;
                float x1 = j == 0 ? 0 : (float) r.nextDouble(0, 500);
                float y1 = j == 0 ? 0 : (float) r.nextDouble(0, 300);
                bf.put(base, x1).put(base + 1, y1).put(base + 2, j == 0 ? 999 : x1 + 100)
                        .put(base + 3, j == 0 ? 599 : y1 + 100);
                for (int k = 4; k < width; k++) {
                    bf.put(base + k, (float) r.nextDouble());
                }
            }
        }
        HostTensor info = HostTensor.allocate(DType.FLOAT, batch, 4);
        HostTensor q = HostTensor.allocate(DType.INT64, batch, textLen);
        for (int i = 0; i < batch; i++) {
            info.floatView().put(i * 4, 1000).put(i * 4 + 1, 600).put(i * 4 + 2, 1f).put(i * 4 + 3, 1f);
            for (int t = 0; t < textLen; t++) {
                q.longView().put(i * textLen + t, 104 + r.nextLong(Math.max(1, vocab - 104)));
            }
        }
        Map<String, HostTensor> m = new LinkedHashMap<>();
        m.put("boxes", bx);
        m.put("im_info", info);
        m.put("question", q);
        return m;
    }
}
