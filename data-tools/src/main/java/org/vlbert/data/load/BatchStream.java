package org.vlbert.data.load;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * One epoch's batches, prepared by daemon threads: batch {@code b} is built by worker
 * {@code b mod W} into that worker's bounded queue, and the consumer takes them in order. A worker
 * failure is rethrown to the consumer (as {@link LoaderException} with the cause) when it reaches
 * that batch. {@link #close()} stops the workers and frees queued batches.
 */
public final class BatchStream implements Iterator<Batch>, AutoCloseable {
    private final int epoch;
    private final int end;
    private final int first;
    private final List<BlockingQueue<Object>> queues = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;
    private int next;

    /** A failure inside a worker, carried to the consumer. */
    private record Failure(Throwable cause) {}

    BatchStream(DataLoader<?> loader, int epoch, int[][] plan, int start, int prefetch, int workers) {
        this.epoch = epoch;
        this.end = plan.length;
        this.next = start;
        this.first = start;
        int perWorker = Math.max(1, (prefetch + workers - 1) / workers);
        for (int w = 0; w < workers; w++) {
            BlockingQueue<Object> queue = new ArrayBlockingQueue<>(perWorker);
            queues.add(queue);
            int firstOfWorker = start + w;
            Thread t = new Thread(() -> produce(loader, plan, firstOfWorker, workers, queue),
                    "vlbert-loader-e" + epoch + "-w" + w);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
    }

    private void produce(DataLoader<?> loader, int[][] plan, int first, int stride, BlockingQueue<Object> queue) {
        for (int b = first; b < plan.length && !closed; b += stride) {
            Object item;
            try {
                item = loader.collate(new LoaderPosition(epoch, b), plan[b]);
            } catch (Throwable t) {
                item = new Failure(t);
            }
            try {
                queue.put(item);
            } catch (InterruptedException e) {
                if (item instanceof Batch batch) {
                    batch.close();
                }
                return;
            }
            if (item instanceof Failure) {
                return;
            }
        }
    }

    @Override
    public boolean hasNext() {
        return !closed && next < end;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException(closed ? "stream closed" : "end of epoch " + epoch);
        }
        BlockingQueue<Object> queue = queues.get((next - first) % queues.size());
        Object item;
        try {
            item = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoaderException("interrupted while waiting for batch " + next + " of epoch " + epoch, e);
        }
        if (item instanceof Failure f) {
            close();
            throw new LoaderException("building batch " + next + " of epoch " + epoch + " failed: " + describe(f.cause()),
                    f.cause());
        }
        next++;
        return (Batch) item;
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** The position of the next batch to be delivered (what a checkpoint should record). */
    public LoaderPosition position() {
        return new LoaderPosition(epoch, next);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (BlockingQueue<Object> q : queues) {
            for (Object o : q) {
                if (o instanceof Batch b) {
                    b.close();
                }
            }
            q.clear();
        }
    }
}
