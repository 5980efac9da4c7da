package org.vlbert.data.vcr;

import java.util.function.IntFunction;

/**
 * Where the reference's rolling person-name counter stands when a batch is built. The reference
 * keeps the counter in the dataset object, and each of its W DataLoader workers holds its own
 * copy, recreated at every epoch (counter 0), and builds batches w, w+W, w+2W, ... of the epoch.
 * So the counter at the start of batch b is the number of persons, modulo 13, in the earlier
 * batches b-W, b-2W, ... of the same epoch. With W = 0 (loading in the main process) one counter
 * runs through all epochs. Both are pure functions of the batch plan, so batches stay
 * reproducible and resumable.
 */
public final class PersonNameSchedule {
    private static final int NAMES = VcrNames.GENDER_NEUTRAL_NAMES.size();

    private final int[] personsPerSample;
    private final int workers;
    private final IntFunction<int[][]> plan;
    private final boolean perSample;
    private int cachedEpoch = -1;
    private int[] cachedStarts;

    private PersonNameSchedule() {
        this.personsPerSample = new int[0];
        this.workers = 0;
        this.plan = null;
        this.perSample = true;
    }

    /**
     * Names that depend on the sample alone: the counter is 0 at every sample, so its first person
     * is always Casey. Exported packages use this, so that a query's answer does not depend on the
     * other queries of its batch.
     */
    public static PersonNameSchedule perSample() {
        return new PersonNameSchedule();
    }

    /** True for {@link #perSample()}: the collator restarts the counter at every sample. */
    public boolean restartsPerSample() {
        return perSample;
    }

    /**
     * @param personsPerSample persons among each dataset item's (kept) objects
     * @param workers          NUM_WORKERS_PER_GPU of the reference run being mirrored (0 = main process)
     * @param plan             the dataset indices of every batch of an epoch (the loader's plan)
     */
    public PersonNameSchedule(int[] personsPerSample, int workers, IntFunction<int[][]> plan) {
        if (workers < 0) {
            throw new IllegalArgumentException("worker count must be ≥ 0, got " + workers);
        }
        this.personsPerSample = personsPerSample.clone();
        this.workers = workers;
        this.plan = plan;
        this.perSample = false;
    }

    /** The counter when batch {@code batch} of {@code epoch} starts. */
    public synchronized int start(int epoch, int batch) {
        if (perSample) {
            return 0;
        }
        if (epoch != cachedEpoch) {
            cachedStarts = starts(epoch);
            cachedEpoch = epoch;
        }
        return cachedStarts[batch];
    }

    private int[] starts(int epoch) {
        int[][] batches = plan.apply(epoch);
        int[] starts = new int[batches.length];
        if (workers == 0) {
            int c = 0;
            for (int e = 0; e < epoch; e++) {
                c = (c + persons(plan.apply(e))) % NAMES;
            }
            for (int b = 0; b < batches.length; b++) {
                starts[b] = c;
                c = (c + persons(batches[b])) % NAMES;
            }
            return starts;
        }
        int[] perWorker = new int[workers];
        for (int b = 0; b < batches.length; b++) {
            int w = b % workers;
            starts[b] = perWorker[w];
            perWorker[w] = (perWorker[w] + persons(batches[b])) % NAMES;
        }
        return starts;
    }

    private int persons(int[][] batches) {
        int n = 0;
        for (int[] b : batches) {
            n = (n + persons(b)) % NAMES;
        }
        return n;
    }

    private int persons(int[] batch) {
        int n = 0;
        for (int i : batch) {
            n += personsPerSample[i];
        }
        return n % NAMES;
    }
}
