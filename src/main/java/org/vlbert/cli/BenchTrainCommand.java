package org.vlbert.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.vlbert.config.Task;
import org.vlbert.config.VlbertConfig;
import org.vlbert.graphs.compile.CompiledTask;
import org.vlbert.graphs.compile.TaskCompiler;
import org.vlbert.graphs.ir.Param;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.runtime.OrtSessions;
import org.vlbert.runtime.TaskRunner;
import org.vlbert.runtime.TensorSlab;
import org.vlbert.tasks.ModelFactory;
import org.vlbert.train.ParameterUpdater;
import org.vlbert.train.TrainSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vlbert bench train}: training-step throughput of a config's VQA model on random weights
 * and random inputs of the given sizes (forward + backward in ORT, the config's optimizer in Java).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Training-step speed on random weights and inputs (VQA configs): ms per phase (batch"
                + " assembly, forward+backward, optimizer) and, as the last line, samples/s."})
public final class BenchTrainCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigOptions config;

    @Mixin
    private BenchShapeOptions shape;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu, cuda or cuda:N.")
    private String device;

    @Override
    public Integer call() {
        shape.check(spec);
        VlbertConfig cfg = config.load(spec);
        if (cfg.task() != Task.VQA) {
            throw new VlbertException("bench train generates VQA-shaped inputs; " + cfg.source() + " is a "
                    + cfg.task().id() + " config");
        }
        PrintWriter out = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        TaskCompiler compiler = new TaskCompiler();
        if (cfg.train().fp16()) {
            compiler.mixedPrecision();
        }
        CompiledTask task = compiler.compile(ModelFactory.create(cfg));
        double buildMs = (System.nanoTime() - t0) / 1e6;
        long numel = task.params().stream().mapToLong(Param::numel).sum();
        out.printf("config %s: hidden %d, layers %d, %d parameters; batch %d, boxes %d+1, question %d tokens, %d"
                        + " threads, %s; graph build %.0f ms%n", cfg.source(), cfg.vlbert().hiddenSize(),
                cfg.vlbert().numHiddenLayers(), numel, shape.batch, shape.boxes, shape.textLen, shape.threads, device,
                buildMs);
        TrainSettings s = TrainSettingsFactory.from(cfg, 1, 1);
        int answers = cfg.dataset().answerVocabSize();
        try (TensorSlab params = new TensorSlab(task.paramShapes()); TensorSlab grads = params.sameLayout();
             TaskRunner runner = new TaskRunner(task, params, grads,
                     new OrtSessions.Settings(shape.threads, OrtSessions.Device.parse(device), true))) {
            randomize(params);
            ParameterUpdater updater = new ParameterUpdater(s, params, grads, task.trainableNames(), 1000);
            double assemble = 0;
            double fwdBwd = 0;
            double opt = 0;
            SplittableRandom rnd = new SplittableRandom(7);
            for (int i = 0; i < shape.warmup + shape.steps; i++) {
                long a = System.nanoTime();
                Map<String, HostTensor> b = RandomVqaInputs.of(rnd, shape, cfg.vlbert().vocabSize(), answers);
                if (cfg.train().fp16()) {
                    b.put(TaskCompiler.LOSS_SCALE, HostTensor.scalar(1f));
                }
                long f = System.nanoTime();
                runner.trainStep(b, 1, i);
                long o = System.nanoTime();
                updater.update();
                long e = System.nanoTime();
                if (i >= shape.warmup) {
                    assemble += (f - a) / 1e6;
                    fwdBwd += (o - f) / 1e6;
                    opt += (e - o) / 1e6;
                }
                out.printf("step %d: %.0f ms%n", i, (e - a) / 1e6);
                out.flush();
            }
            double total = assemble + fwdBwd + opt;
            out.printf("ms per step: batch assembly %.1f, forward+backward %.1f, optimizer %.1f, total %.1f%n",
                    assemble / shape.steps, fwdBwd / shape.steps, opt / shape.steps, total / shape.steps);
            out.printf("samples/s: %.2f%n", shape.batch * shape.steps / (total / 1000));
        }
        return 0;
    }

    private static void randomize(TensorSlab params) {
        SplittableRandom r = new SplittableRandom(3);
        for (int c = 0; c < params.chunkCount(); c++) {
            var f = params.chunk(c);
            for (int i = 0; i < f.capacity(); i++) {
                f.put(i, (float) (r.nextDouble(-0.05, 0.05)));
            }
        }
    }
}
