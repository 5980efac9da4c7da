package org.vlbert.graphs.model.vlbert;

import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.tensor.DType;

/**
 * The pretraining losses (pretraining.md §4.4, §4.5), built from LogSoftmax, GatherElements and
 * reductions so that every part has a gradient rule and the two MLM losses (caption rows and
 * corpus rows of one joint batch) share one log-softmax over the vocabulary.
 */
public final class PretrainLosses {
    /** MLM label value that is ignored. */
    public static final long IGNORE_INDEX = -1;
    /** A soft MVRC target row counts iff |Σ_c y_c − 1| is below this. */
    public static final float SOFT_LABEL_TOLERANCE = 0.1f;
    /** Added to the per-sample and per-batch counts by the batch-first normalisation. */
    public static final float BATCH_FIRST_EPS = 1e-4f;

    /** How a loss over many targets is averaged ({@code NETWORK.*_LOSS_NORM_IN_BATCH_FIRST}). */
    public enum Normalization {
        /** {@code false} (all shipped configs): mean over every valid target of the batch. */
        MEAN_OVER_TARGETS,
        /**
         * {@code true}: each sample's summed loss divided by (its valid targets + 1e-4), summed,
         * divided by (number of samples with a valid target + 1e-4).
         */
        BATCH_FIRST;

        public static Normalization fromNormInBatchFirst(boolean normInBatchFirst) {
            return normInBatchFirst ? BATCH_FIRST : MEAN_OVER_TARGETS;
        }
    }

    /** Per-target losses [B, T] (0 where not valid) and the validity mask as float [B, T]. */
    public record TargetLosses(Value loss, Value valid) {}

    private PretrainLosses() {}

    /**
     * Token cross-entropy −log softmax(logits)[label] for logits [B, T, V] and int64 labels
     * [B, T]; labels equal to {@link #IGNORE_INDEX} give 0 and are not valid.
     */
    public static TargetLosses tokenCrossEntropy(GraphBuilder b, Value logits, Value labels) {
        Value valid = b.not(b.equal(labels, b.longScalar(IGNORE_INDEX)));
        Value safe = b.where(valid, labels, b.longScalar(0));
        Value logProb = b.logSoftmax(logits, -1);
        Value picked = b.squeeze(b.gatherElements(logProb, b.unsqueeze(safe, 2), 2), 2);
        Value validF = b.cast(valid, logits.dtype());
        return new TargetLosses(b.mul(b.neg(picked), validF), validF);
    }

    /**
     * Soft-target cross-entropy −Σ_c y_c log softmax(z)_c per region for logits and targets
     * [B, N, C]; a row is valid iff its targets sum to 1 (±0.1), else its loss is 0.
     */
    public static TargetLosses softCrossEntropy(GraphBuilder b, Value logits, Value targets) {
        Value mass = b.reduceSum(targets, false, -1);
        Value valid = b.less(b.abs(b.sub(mass, b.scalar(1f))), b.scalar(SOFT_LABEL_TOLERANCE));
        Value validF = b.cast(valid, logits.dtype());
        Value perRow = b.neg(b.reduceSum(b.mul(b.logSoftmax(logits, -1), targets), false, -1));
        return new TargetLosses(b.mul(perRow, validF), validF);
    }

    /**
     * Reduces per-target losses of the rows selected by {@code rowWeights} ([B, 1] 0/1 float, or
     * null for all rows) to a scalar. With {@link Normalization#MEAN_OVER_TARGETS} and no valid
     * target the result is NaN if {@code emptyIsNaN} (PyTorch's cross_entropy, used by MLM) or 0
     * (the reference soft_cross_entropy, used by MVRC).
     */
    public static Value reduce(GraphBuilder b, TargetLosses t, Value rowWeights, Normalization norm,
                               boolean emptyIsNaN) {
        Value loss = rowWeights == null ? t.loss() : b.mul(t.loss(), rowWeights);
        Value valid = rowWeights == null ? t.valid() : b.mul(t.valid(), rowWeights);
        if (norm == Normalization.MEAN_OVER_TARGETS) {
            Value count = b.sumAll(valid);
            if (!emptyIsNaN) {
                // 0 / 1 = 0 when nothing is valid (the numerator is then 0 too).
                count = b.max(count, b.scalar(1f));
            }
            return b.div(b.sumAll(loss), count);
        }
        Value perSample = b.reduceSum(loss, false, 1);                              // [B]
        Value validPerSample = b.reduceSum(valid, false, 1);
        Value normalised = b.div(perSample, b.add(validPerSample, BATCH_FIRST_EPS));
        Value hasTargets = b.cast(b.greater(validPerSample, b.scalar(0f)), DType.FLOAT);
        return b.div(b.sumAll(normalised), b.add(b.sumAll(hasTargets), BATCH_FIRST_EPS));
    }
}
