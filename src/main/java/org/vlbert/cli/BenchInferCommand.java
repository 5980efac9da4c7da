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
import org.vlbert.export.Optimization;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.artifacts.ArtifactWriter;
import org.vlbert.graphs.init.ParamInitializer;
import org.vlbert.graphs.ir.Param;
import org.vlbert.graphs.model.Dropout;
import org.vlbert.graphs.model.TaskGraph;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.io.FileTrees;
import org.vlbert.runtime.OrtSessions;
import org.vlbert.runtime.OrtTensors;
import org.vlbert.tasks.ModelFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

    @Mixin
    private BenchShapeOptions shape;

    @Option(names = "--optimize", description = "The graph 'vlbert export --optimize' writes.")
    private boolean optimize;

    @Option(names = "--profile", paramLabel = "PREFIX", description = "Write an ORT profile (JSON) with this prefix.")
    private Path profile;

    @Override
    public Integer call() throws OrtException {
        shape.check(spec);
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
            (optimize ? Optimization.optimized() : Optimization.none()).apply(dir.resolve("model.onnx"), null,
                    shape.threads);
        } catch (IOException e) {
            throw new VlbertException("cannot write the benchmark model to a temporary folder: " + e.getMessage(), e);
        }
        double buildMs = (System.nanoTime() - t0) / 1e6;
        out.printf("config %s: hidden %d, layers %d, %,d parameters; batch %d, boxes %d+1, question %d tokens, %d"
                        + " threads, graph %s; export %.0f ms%n", cfg.source(), cfg.vlbert().hiddenSize(),
                cfg.vlbert().numHiddenLayers(), numel, shape.batch, shape.boxes, shape.textLen, shape.threads,
                optimize ? "--optimize (ORT offline basic)" : "standard", buildMs);
        out.flush();
        Map<String, HostTensor> inputs = RandomVqaInputs.of(new SplittableRandom(7), shape, cfg.vlbert().vocabSize(),
                0);
        double[] ms = new double[shape.steps];
        long s0 = System.nanoTime();
        try (OrtSession session = session(dir.resolve("model.onnx"))) {
            out.printf("session created in %.0f ms%n", (System.nanoTime() - s0) / 1e6);
            Map<String, ai.onnxruntime.OnnxTensor> feeds = new LinkedHashMap<>();
            inputs.forEach((k, v) -> feeds.put(k, OrtTensors.wrap(v)));
            try {
                for (int i = 0; i < shape.warmup + shape.steps; i++) {
                    long a = System.nanoTime();
                    session.run(feeds).close();
                    double step = (System.nanoTime() - a) / 1e6;
                    if (i >= shape.warmup) {
                        ms[i - shape.warmup] = step;
                    }
                    boolean warm = i < shape.warmup;
                    out.printf("%s %d: %.1f ms%n", warm ? "warm-up" : "run", warm ? i : i - shape.warmup, step);
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
                FileTrees.delete(dir);
            } catch (IOException e) {
                out.printf("warning: could not delete %s: %s%n", dir, e.getMessage());
            }
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double median = sorted[shape.steps / 2];
        double mean = Arrays.stream(ms).average().orElse(Double.NaN);
        out.printf("ms per batch: median %.1f, mean %.1f, min %.1f; mean-based %.2f samples/s%n", median, mean,
                sorted[0], shape.batch * 1000 / mean);
        out.printf("samples/s: %.2f%n", shape.batch * 1000 / median);
        return Main.EXIT_OK;
    }

    private OrtSession session(Path model) throws OrtException {
        if (profile == null) {
            return OrtSessions.create(model.toString(), OrtSessions.Settings.cpu(shape.threads));
        }
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(shape.threads);
            o.setInterOpNumThreads(1);
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            o.enableProfiling(profile.toString());
            return ai.onnxruntime.OrtEnvironment.getEnvironment().createSession(model.toString(), o);
        }
    }
}
