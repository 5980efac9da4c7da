package org.vlbert.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.vlbert.config.VlbertConfig;
import org.vlbert.dist.Agreement;
import org.vlbert.dist.Collective;
import org.vlbert.dist.DistEnv;
import org.vlbert.dist.SingleProcess;
import org.vlbert.dist.XgbCollective;
import org.vlbert.dist.XgbTracker;
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
                        + " (the default of every shipped config) continues from the newest complete checkpoint.",
                "Distributed: started by 'vlbert launch' (or scripts/dist_run_*.sh), each worker reads MASTER_ADDR,"
                        + " MASTER_PORT, WORLD_SIZE, RANK and LOCAL_RANK; rank 0 writes the run directory, the other"
                        + " ranks only their <cfg>_<time>_rank<r>.log there (see docs/distributed.md)."})
public final class TrainCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigOptions config;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Run directory.")
    private Path out;

    @Option(names = "--device", defaultValue = "cpu", description = {"cpu, cuda or cuda:N (default: ${DEFAULT-VALUE}).",
            "In a distributed job 'cuda' means cuda:LOCAL_RANK."})
    private String device;

    @Option(names = "--threads", description = "ONNX Runtime intra-op threads (default: the cores divided by the"
            + " workers on this machine, LOCAL_WORLD_SIZE).")
    private Integer threads;

    @Option(names = "--no-dropout", description = "Debugging/parity switch: compile the training step without any"
            + " dropout (every dropout site, including the hard-coded object downsampling, is the identity).")
    private boolean noDropout;

    @Option(names = "--collective-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "Distributed: the watchdog limit for one collective operation (gradient all-reduce, metric"
                    + " sums, start-state broadcast); a hung or stopped peer becomes an error after it"
                    + " (default: ${DEFAULT-VALUE}).")
    private long collectiveTimeout;

    @Option(names = "--rendezvous-timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "Distributed: how long the workers wait for each other to join (default: ${DEFAULT-VALUE}).")
    private long rendezvousTimeout;

    @Option(names = "--seed", description = "Run seed (default: RNG_SEED of the config).")
    private Long seed;

    @Option(names = "--partial-pretrain", paramLabel = "CKPT", description = "Overrides NETWORK.PARTIAL_PRETRAIN.")
    private String partialPretrain;

    @Option(names = "--checkpoint-every", paramLabel = "STEPS", defaultValue = "0",
            description = "Also checkpoint every STEPS batches inside an epoch (0: only every CHECKPOINT_FREQUENT"
                    + " epochs, as the reference).")
    private long checkpointEvery;

    private XgbTracker tracker;

    @Override
    public Integer call() throws IOException {
        if (collectiveTimeout < 1 || rendezvousTimeout < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--collective-timeout and --rendezvous-timeout must be at least 1 second");
        }
        DistEnv env = DistEnv.from(System.getenv()).orElse(DistEnv.single());
        // Rank 0 listens for the other workers from the start, so that they find the tracker when
        // they are ready, however long each one's set-up takes.
        tracker = env.distributed() && env.rank() == 0 ? XgbTracker.start(env, Duration.ofSeconds(rendezvousTimeout))
                : null;
        VlbertConfig cfg = config.load(spec, partialPretrain == null ? java.util.List.of()
                : java.util.List.of("NETWORK.PARTIAL_PRETRAIN=" + partialPretrain));
        boolean root = env.rank() == 0;
        Files.createDirectories(out);
        if (root) {
            Files.writeString(out.resolve("config.yaml"), cfg.toYaml(), StandardCharsets.UTF_8);
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm"));
        Path logFile = out.resolve(cfg.name() + "_" + stamp + (root ? "" : "_rank" + env.rank()) + ".log");
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        try (PrintWriter logWriter = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8))) {
            Consumer<String> log = line -> {
                String stamped = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS"))
                        + " " + line;
                logWriter.println(stamped);
                logWriter.flush();
                // Rank 0 speaks for the job; the other ranks keep their log in their file and
                // print only warnings (their errors reach stderr through the error handler).
                PrintWriter console = root ? stdout : line.startsWith("warning:") ? stderr : null;
                if (console != null) {
                    console.println(line);
                    console.flush();
                }
            };
            if (!root) {
                stderr.println("rank " + env.rank() + " of " + env.worldSize() + ": logging to " + logFile);
                stderr.flush();
            }
            return train(cfg, env, log);
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

    private String effectiveDevice(DistEnv env) {
        return device.equals("cuda") && env.distributed() ? "cuda:" + env.localRank() : device;
    }

    private Collective join(DistEnv env, Consumer<String> log) {
        if (!env.distributed()) {
            return new SingleProcess();
        }
        log.accept("rank " + env.rank() + " of " + env.worldSize() + " (local rank " + env.localRank() + "): joining"
                + " the job at " + env.masterAddr() + ":" + env.masterPort());
        Collective c = XgbCollective.connect(env, tracker, Duration.ofSeconds(collectiveTimeout),
                Duration.ofSeconds(rendezvousTimeout));
        log.accept("all " + env.worldSize() + " workers joined");
        return c;
    }

    private int train(VlbertConfig cfg, DistEnv env, Consumer<String> log) {
        long runSeed = seed != null ? seed : cfg.general().rngSeed();
        int nThreads = threads != null ? threads
                : Math.max(1, Runtime.getRuntime().availableProcessors() / env.localWorldSize());
        String dev = effectiveDevice(env);
        log.accept("task " + cfg.task().id() + ", config " + cfg.source() + " (sha256 " + cfg.hash().substring(0, 12)
                + "), device " + dev + ", threads " + nThreads + ", seed " + runSeed
                + (env.distributed() ? ", rank " + env.rank() + " of " + env.worldSize() : "")
                + (noDropout ? ", dropout off (--no-dropout)" : ""));
        ArtifactWriter artifacts = new ArtifactWriter(ModelFactory.create(cfg)).configHash(cfg.hash())
                .producerVersion(VersionProvider.version());
        if (noDropout) {
            artifacts.withoutDropout();
        }
        if (cfg.train().fp16()) {
            if (!dev.startsWith("cuda")) {
                log.accept("warning: TRAIN.FP16 on the CPU runs for correctness only: ONNX Runtime's CPU float16"
                        + " matrix products are several times slower than float32");
            }
            artifacts.mixedPrecision();
        }
        CompiledTask task = artifacts.compiled();
        if (env.rank() == 0) {
            writeGraphs(artifacts, task, log);
        }
        long numel = task.params().stream().mapToLong(p -> p.numel()).sum();
        log.accept(String.format("model: %d parameters in %d tensors, %d dropout sites", numel, task.params().size(),
                task.dropoutSites().size()));
        if (!task.unusedParams().isEmpty()) {
            log.accept("parameters the loss does not use (zero gradients): " + task.unusedParams());
        }
        TrainSettings settings = TrainSettingsFactory.from(cfg, env.worldSize(), runSeed, checkpointEvery);
        try (TaskData data = TaskDataFactory.open(cfg);
             TensorSlab params = new TensorSlab(task.paramShapes());
             TensorSlab grads = params.sameLayout();
             TaskRunner runner = new TaskRunner(task, params, grads,
                     new OrtSessions.Settings(nThreads, OrtSessions.Device.parse(dev), true));
             TfEventsWriter tb = env.rank() == 0 ? TfEventsWriter.open(out.resolve("tensorboard")) : null) {
            Map<String, HostTensor> init = ModelInitializer.initialize(cfg, task.params(), runSeed, log);
            params.copyFromHost(init);
            BatchStream train = data.train(env.rank(), env.worldSize(), runSeed);
            BatchStream val = data.val(env.rank(), env.worldSize());
            RunCheckpoints checkpoints = new RunCheckpoints(out, cfg.general().modelPrefix(),
                    Map.of("vlbert.config_hash", cfg.hash(), "vlbert.task", cfg.task().id()),
                    settings.resume() ? settings.beginEpoch() - 1 : null, m -> log.accept("warning: " + m));
            // Join only now: the slow, uneven set-up above happens before the rendezvous, not
            // inside the first collective operation's watchdog limit.
            try (Collective collective = join(env, log)) {
                try {
                    Agreement.require(collective, "resolved config (sha256 of config.yaml)", cfg.hash());
                    Agreement.require(collective, "run seed and model (seed, parameter count, dropout)",
                            runSeed + "/" + numel + "/" + (noDropout ? "no-dropout" : "dropout"));
                    Trainer trainer = new Trainer(settings, runner, params, grads, train, val, data.trainMetrics(),
                            data.valMetrics(), checkpoints, tb, log, collective);
                    Trainer.Summary s = trainer.run();
                    log.accept(String.format("done: %d epochs, global step %d, best %s = %.4f at epoch %d;"
                                    + " checkpoints in %s", s.state().epoch(), s.state().globalStep(),
                            data.valMetrics().hostMetric(), s.state().bestValue(), s.state().bestEpoch(),
                            checkpoints.directory()));
                } catch (RuntimeException | Error e) {
                    collective.abort();
                    throw e;
                }
            }
        }
        return 0;
    }
}
