package org.vlbert.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vlbert.dist.DistEnv;
import org.vlbert.dist.LauncherWatch;
import org.vlbert.dist.WorkerGroup;
import org.vlbert.dist.WorkerSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code vlbert launch}: starts this machine's workers of a distributed job, like the reference's
 * {@code scripts/launch.py} (a trimmed {@code torch.distributed.launch}).
 */
@Command(name = "launch", mixinStandardHelpOptions = true,
        description = {"Starts the workers of a distributed job on this machine: one JVM per worker running"
                + " 'vlbert COMMAND ARGS...', with MASTER_ADDR, MASTER_PORT, WORLD_SIZE, RANK, LOCAL_RANK and"
                + " LOCAL_WORLD_SIZE set (WORLD_SIZE = nnodes x nproc-per-node, RANK = nproc-per-node x node-rank +"
                + " LOCAL_RANK). Run it once on every machine.",
                "When a worker fails, the others are stopped and the exit status names the failing rank; re-run the"
                        + " same command to resume from the last checkpoint (TRAIN.AUTO_RESUME).",
                "Example: vlbert launch --nproc-per-node 2 train --cfg cfgs/vqa/demo_tiny.yaml --out runs/vqa"})
public final class LaunchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"--nnodes"}, defaultValue = "1", description = "Machines in the job (default: ${DEFAULT-VALUE}).")
    private int nnodes;

    @Option(names = {"--node-rank", "--node_rank"}, defaultValue = "0",
            description = "This machine's index, 0..nnodes-1 (default: ${DEFAULT-VALUE}).")
    private int nodeRank;

    @Option(names = {"--nproc-per-node", "--nproc_per_node"}, defaultValue = "1",
            description = "Workers on this machine, e.g. one per GPU (default: ${DEFAULT-VALUE}).")
    private int nprocPerNode;

    @Option(names = {"--master-addr", "--master_addr"}, defaultValue = "127.0.0.1",
            description = "Address of machine 0, where rank 0 runs the rendezvous tracker (default: ${DEFAULT-VALUE}).")
    private String masterAddr;

    @Option(names = {"--master-port", "--master_port"}, defaultValue = "29500",
            description = "Free TCP port on machine 0 for the tracker (default: ${DEFAULT-VALUE}).")
    private int masterPort;

    @Option(names = "--kill-grace", paramLabel = "SECONDS", defaultValue = "10",
            description = "After a failure: seconds between SIGTERM and SIGKILL for the other workers"
                    + " (default: ${DEFAULT-VALUE}).")
    private long killGrace;

    @Parameters(paramLabel = "COMMAND", arity = "1..*",
            description = "The vlbert command each worker runs, with its arguments (e.g. train --cfg C --out D).")
    private List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        if (nnodes < 1 || nprocPerNode < 1 || nodeRank < 0 || nodeRank >= nnodes || killGrace < 0) {
            throw new ParameterException(spec.commandLine(), "need --nnodes >= 1, --nproc-per-node >= 1, 0 <="
                    + " --node-rank < --nnodes and --kill-grace >= 0");
        }
        if (masterPort < 1 || masterPort > 65535) {
            throw new ParameterException(spec.commandLine(), "--master-port must be in 1..65535");
        }
        if (command.get(0).equals("launch")) {
            throw new ParameterException(spec.commandLine(), "the worker command cannot be 'launch' itself");
        }
        int world = nnodes * nprocPerNode;
        List<WorkerSpec> specs = new ArrayList<>();
        for (int local = 0; local < nprocPerNode; local++) {
            int rank = nprocPerNode * nodeRank + local;
            Map<String, String> env = new LinkedHashMap<>();
            env.put(DistEnv.MASTER_ADDR, masterAddr);
            env.put(DistEnv.MASTER_PORT, Integer.toString(masterPort));
            env.put(DistEnv.WORLD_SIZE, Integer.toString(world));
            env.put(DistEnv.RANK, Integer.toString(rank));
            env.put(DistEnv.LOCAL_RANK, Integer.toString(local));
            env.put(DistEnv.LOCAL_WORLD_SIZE, Integer.toString(nprocPerNode));
            env.put(LauncherWatch.LAUNCHER_PID, Long.toString(ProcessHandle.current().pid()));
            specs.add(new WorkerSpec(rank, local, workerCommand(), env));
        }
        java.io.PrintWriter err = spec.commandLine().getErr();
        err.printf("launch: %d worker(s) of %d on node %d/%d, master %s:%d%n", nprocPerNode, world, nodeRank,
                nnodes, masterAddr, masterPort);
        err.flush();
        WorkerGroup group = WorkerGroup.start(specs, Duration.ofSeconds(killGrace), System.err);
        // Ctrl-C / SIGTERM on the launcher: stop the workers too (they may be in another process group).
        Thread hook = new Thread(group::stopAll, "vlbert-launch-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        for (WorkerGroup.Worker w : group.workers()) {
            err.printf("launch: started rank %d (pid %d)%n", w.rank(), w.pid());
        }
        err.flush();
        WorkerGroup.Outcome outcome = group.await();
        Runtime.getRuntime().removeShutdownHook(hook);
        if (outcome.ok()) {
            err.printf("launch: all %d worker(s) finished%n", nprocPerNode);
            err.flush();
            return Main.EXIT_OK;
        }
        StringBuilder msg = new StringBuilder("worker rank " + outcome.failed().rank() + " (pid "
                + outcome.failed().pid() + ") failed: " + outcome.failed().status() + "; stopped the other workers.");
        for (WorkerGroup.Worker w : outcome.workers()) {
            msg.append("\n  rank ").append(w.rank()).append(": ").append(w.status());
        }
        msg.append("\nRe-run the same command to resume from the last checkpoint.");
        throw new VlbertException(msg.toString());
    }

    /** The same java, JVM options and class path as this launcher, running Main with the worker command. */
    private List<String> workerCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-agentlib:jdwp") && !arg.startsWith("-Xrunjdwp")) {
                cmd.add(arg);   // a debugger port cannot be shared by several JVMs
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(command);
        return cmd;
    }
}
