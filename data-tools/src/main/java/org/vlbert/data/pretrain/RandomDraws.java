package org.vlbert.data.pretrain;

import java.util.SplittableRandom;
import org.vlbert.data.load.BatchContext;

/**
 * The random draws of the pretraining datasets (the reference's {@code random.random()} and
 * {@code random.choice}), as an interface so tests can script them.
 */
public interface RandomDraws {
    /** Uniform in [0, 1). */
    double nextDouble();

    /** Uniform in [0, bound). */
    int nextInt(int bound);

    static RandomDraws of(SplittableRandom r) {
        return new RandomDraws() {
            @Override
            public double nextDouble() {
                return r.nextDouble();
            }

            @Override
            public int nextInt(int bound) {
                return r.nextInt(bound);
            }
        };
    }

    /** Where a collator gets the draws of one batch row. */
    @FunctionalInterface
    interface PerRow {
        RandomDraws of(BatchContext ctx, int row);

        /** The loader's per-row stream: a function of (seed, epoch, dataset index). */
        PerRow LOADER = (ctx, row) -> RandomDraws.of(ctx.random(row));
    }
}
