package org.vlbert.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.vlbert.config.VlbertConfig;
import org.vlbert.dist.Collective;
import org.vlbert.dist.SingleProcess;
import org.vlbert.graphs.compile.CompiledTask;
import org.vlbert.graphs.artifacts.ArtifactKind;
import org.vlbert.graphs.artifacts.ArtifactWriter;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.monitor.TfEventsWriter;
import org.vlbert.runtime.OrtSessions;
import org.vlbert.runtime.TaskRunner;
import org.vlbert.runtime.TensorSlab;
import org.vlbert.tasks.ModelFactory;
import org.vlbert.tasks.ModelInitializer;
import org.vlbert.tasks.TaskData;
import org.vlbert.tasks.TaskDataFactory;
import org.vlbert.train.BatchStream;
import org.vlbert.train.RunCheckpoints;
import org.vlbert.train.TrainSettings;
import org.vlbert.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vlbert train}: trains (or resumes) a task model from a config, as the reference train_end2end.py. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Trains a task model (pretrain, vqa, vcr, refcoco) from a config.",
                "Writes into --out: config.yaml (resolved), <cfg>_<time>.log, checkpoints/ (safetensors + state.json,"
                        + " atomic), tensorboard/ and the compiled graphs. Re-running with TRAIN.AUTO_RESUME=true"
                        + " (the default of every shipped config) continues from the newest complete checkpoint."})
public final class TrainCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigOptions config;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Run directory.")
    private Path out;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu, cuda or cuda:N (default: ${DEFAULT-VALUE}).")
    private String device;

    @Option(names = "--threads", description = "ONNX Runtime intra-op threads (default: all cores).")
    private Integer threads;

    @Option(names = "--seed", description = "Run seed (default: RNG_SEED of the config).")
    private Long seed;

    @Option(names = "--partial-pretrain", paramLabel = "CKPT", description = "Overrides NETWORK.PARTIAL_PRETRAIN.")
    private String partialPretrain;

    @Option(names = "--checkpoint-every", paramLabel = "STEPS", defaultValue = "0",
            description = "Also checkpoint every STEPS batches inside an epoch (0: only every CHECKPOINT_FREQUENT"
                    + " epochs, as the reference).")
    private long checkpointEvery;

    @Override
    public Integer call() throws IOException {
        VlbertConfig cfg = config.load(spec);
        if (partialPretrain != null) {
            cfg = org.vlbert.config.ConfigLoader.load(config.file(), cfg.task(),
                    java.util.List.of("NETWORK.PARTIAL_PRETRAIN=" + partialPretrain));
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("config.yaml"), cfg.toYaml(), StandardCharsets.UTF_8);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm"));
        Path logFile = out.resolve(cfg.name() + "_" + stamp + ".log");
        PrintWriter stdout = spec.commandLine().getOut();
        try (PrintWriter logWriter = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8));
             Collective collective = new SingleProcess()) {
            Consumer<String> log = line -> {
                String stamped = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS"))
                        + " " + line;
                logWriter.println(stamped);
                logWriter.flush();
                stdout.println(line);
                stdout.flush();
            };
            return train(cfg, collective, log);
        }
    }

    /** The graphs this run executes, for inspection ({@code vlbert graphs describe}) and export. */
    private void writeGraphs(ArtifactWriter artifacts, CompiledTask task, Consumer<String> log) {
        Path dir = out.resolve("graphs");
        try {
            Files.createDirectories(dir);
            artifacts.write(ArtifactKind.TRAIN_STEP, dir);
            artifacts.write(ArtifactKind.EVAL, dir);
            if (task.dims().getGraph().getOutputCount() > 0) {
                artifacts.write(ArtifactKind.DIMS, dir);
            }
        } catch (IOException e) {
            throw new VlbertException("cannot write the graphs to " + dir + ": " + e.getMessage(), e);
        }
        log.accept("graphs written to " + dir);
    }

    private int train(VlbertConfig cfg, Collective collective, Consumer<String> log) {
        long runSeed = seed != null ? seed : cfg.general().rngSeed();
        int nThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        log.accept("task " + cfg.task().id() + ", config " + cfg.source() + " (sha256 " + cfg.hash().substring(0, 12)
                + "), device " + device + ", threads " + nThreads + ", seed " + runSeed);
        ArtifactWriter artifacts = new ArtifactWriter(ModelFactory.create(cfg)).configHash(cfg.hash())
                .producerVersion(VersionProvider.version());
        if (cfg.train().fp16()) {
            if (!device.startsWith("cuda")) {
                log.accept("warning: TRAIN.FP16 on the CPU runs for correctness only: ONNX Runtime's CPU float16"
                        + " matrix products are several times slower than float32");
            }
            artifacts.mixedPrecision();
        }
        CompiledTask task = artifacts.compiled();
        writeGraphs(artifacts, task, log);
        long numel = task.params().stream().mapToLong(p -> p.numel()).sum();
        log.accept(String.format("model: %d parameters in %d tensors, %d dropout sites", numel, task.params().size(),
                task.dropoutSites().size()));
        if (!task.unusedParams().isEmpty()) {
            log.accept("parameters the loss does not use (zero gradients): " + task.unusedParams());
        }
        TrainSettings settings = TrainSettingsFactory.from(cfg, collective.worldSize(), runSeed, checkpointEvery);
        try (TaskData data = TaskDataFactory.open(cfg);
             TensorSlab params = new TensorSlab(task.paramShapes());
             TensorSlab grads = params.sameLayout();
             TaskRunner runner = new TaskRunner(task, params, grads,
                     new OrtSessions.Settings(nThreads, OrtSessions.Device.parse(device), true));
             TfEventsWriter tb = TfEventsWriter.open(out.resolve("tensorboard"))) {
            Map<String, HostTensor> init = ModelInitializer.initialize(cfg, task.params(), runSeed, log);
            params.copyFromHost(init);
            BatchStream train = data.train(collective.rank(), collective.worldSize(), runSeed);
            BatchStream val = data.val(collective.rank(), collective.worldSize());
            RunCheckpoints checkpoints = new RunCheckpoints(out, cfg.general().modelPrefix(),
                    Map.of("vlbert.config_hash", cfg.hash(), "vlbert.task", cfg.task().id()),
                    settings.resume() ? settings.beginEpoch() - 1 : null, m -> log.accept("warning: " + m));
            Trainer trainer = new Trainer(settings, runner, params, grads, train, val, data.trainMetrics(),
                    data.valMetrics(), checkpoints, tb, log);
            Trainer.Summary s = trainer.run();
            log.accept(String.format("done: %d epochs, global step %d, best %s = %.4f at epoch %d; checkpoints in %s",
                    s.state().epoch(), s.state().globalStep(), data.valMetrics().hostMetric(), s.state().bestValue(),
                    s.state().bestEpoch(), checkpoints.directory()));
        }
        return 0;
    }
}
