package org.vlbert.cli;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.vlbert.dist.Collective;
import org.vlbert.dist.DistEnv;
import org.vlbert.dist.XgbCollective;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vlbert bench allreduce}: time and check the gradient all-reduce of the default engine.
 * Run under the launcher, e.g. {@code vlbert launch --nproc-per-node 2 bench allreduce}.
 */
@Command(name = "allreduce", mixinStandardHelpOptions = true,
        description = {"Time the float32 sum all-reduce of the distributed engine (XGBoost's ring) on a gradient-sized"
                + " buffer and check every element of the result exactly. Run it on every worker, e.g.:",
            "  vlbert launch --nproc-per-node 2 bench allreduce --mb 460",
            "Rank 0 prints each iteration and, as the last line, the median time and bandwidths. Bus bandwidth"
                + " = algorithm bandwidth x 2(n-1)/n, the traffic a ring moves per rank."})
public final class BenchAllreduceCommand implements Callable<Integer> {
    @Option(names = "--mb", defaultValue = "460", paramLabel = "MB",
            description = "Buffer size in MB (10^6 bytes); 460 ~ BERT-base gradients (default: ${DEFAULT-VALUE}).")
    double megabytes;

    @Option(names = "--iters", defaultValue = "5", paramLabel = "N", description = "Timed iterations (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--warmup", defaultValue = "1", paramLabel = "N",
            description = "Untimed iterations first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--collective-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "Watchdog limit per all-reduce (default: ${DEFAULT-VALUE}).")
    long timeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DistEnv env = DistEnv.from(System.getenv()).orElse(DistEnv.single());
        if (!env.distributed()) {
            throw new VlbertException("bench allreduce needs at least 2 workers: run it under the launcher, e.g."
                    + " 'vlbert launch --nproc-per-node 2 bench allreduce'");
        }
        long floats = Math.max(1, (long) (megabytes * 1e6 / 4));
        if (floats * 4 > Integer.MAX_VALUE) {
            throw new VlbertException("--mb must be below 2147 (one direct buffer)");
        }
        PrintWriter out = spec.commandLine().getOut();
        ByteBuffer buffer = ByteBuffer.allocateDirect((int) (floats * 4)).order(ByteOrder.nativeOrder());
        FloatBuffer f = buffer.asFloatBuffer();
        try (Collective c = XgbCollective.connect(env, Duration.ofSeconds(timeout), Duration.ofSeconds(600))) {
            int n = c.worldSize();
            if (c.isRoot()) {
                out.printf("all-reduce of %,d floats (%.1f MB) across %d workers, %d warm-up + %d timed iterations%n",
                        floats, floats * 4 / 1e6, n, warmup, iterations);
                out.flush();
            }
            double[] seconds = new double[iterations];
            long wrong = 0;
            for (int it = -warmup; it < iterations; it++) {
                // every rank holds (rank + 1) + (i mod 7): the sums are exact, so any difference is an error
                for (int i = 0; i < floats; i++) {
                    f.put(i, c.rank() + 1 + (i % 7));
                }
                c.barrier();
                long t0 = System.nanoTime();
                c.allReduceSum(buffer, floats);
                double s = (System.nanoTime() - t0) / 1e9;
                float base = n * (n + 1) / 2f;
                long bad = 0;
                for (int i = 0; i < floats; i++) {
                    if (f.get(i) != base + n * (i % 7)) {
                        bad++;
                    }
                }
                long badAll = (long) c.sum(bad)[0];
                wrong += badAll;
                if (it >= 0) {
                    seconds[it] = s;
                }
                if (c.isRoot()) {
                    out.printf("%s %d: %.3f s, %.0f MB/s algorithm bandwidth, wrong %d%n", it < 0 ? "warm-up" : "iteration",
                            it < 0 ? it + warmup + 1 : it + 1, s, floats * 4 / 1e6 / s, badAll);
                    out.flush();
                }
            }
            if (c.isRoot()) {
                double[] sorted = seconds.clone();
                Arrays.sort(sorted);
                double median = sorted[sorted.length / 2];
                double alg = floats * 4 / 1e6 / median;
                out.printf("allreduce %.1f MB x %d workers: median %.3f s, algorithm bandwidth %.0f MB/s, bus bandwidth"
                        + " %.0f MB/s, wrong %d%n", floats * 4 / 1e6, n, median, alg, alg * 2 * (n - 1) / n, wrong);
                out.flush();
            }
            if (wrong > 0) {
                throw new VlbertException(wrong + " elements of the all-reduce results were wrong");
            }
        }
        return 0;
    }
}
