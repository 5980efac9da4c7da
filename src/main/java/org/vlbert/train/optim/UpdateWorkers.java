package org.vlbert.train.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The daemon threads that run optimizer updates in parallel, one per core, shared by every
 * optimizer of the process; each thread has its own scratch arrays.
 */
final class UpdateWorkers {
    private static final UpdateWorkers SHARED = new UpdateWorkers(Runtime.getRuntime().availableProcessors());

    private final ExecutorService pool;
    private final ThreadLocal<AbstractOptimizer.Scratch> scratch =
            ThreadLocal.withInitial(AbstractOptimizer.Scratch::create);

    private UpdateWorkers(int threads) {
        this.pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "optimizer-update");
            t.setDaemon(true);
            return t;
        });
    }

    static UpdateWorkers shared() {
        return SHARED;
    }

    /** The calling worker's scratch arrays. */
    AbstractOptimizer.Scratch scratch() {
        return scratch.get();
    }

    /** Runs every task and waits; a failure is rethrown after all tasks have finished. */
    void runAll(List<Runnable> tasks) {
        if (tasks.size() == 1) {
            tasks.get(0).run();
            return;
        }
        List<Future<?>> futures = new ArrayList<>(tasks.size());
        for (Runnable r : tasks) {
            futures.add(pool.submit(r));
        }
        RuntimeException failure = null;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (failure == null) {
                    failure = c instanceof RuntimeException re ? re : new IllegalStateException(c);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during the optimizer step", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
