package org.vlbert.train.optim;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Locale;

/**
 * FP16 loss scaling as apex AMP's {@code LossScaler} (opt level O2) does it for the reference.
 *
 * <p>{@code TRAIN.FP16_LOSS_SCALE} is either a number — a static scale, never changed, and (apex
 * quirk) overflowing steps are <em>not</em> skipped — or {@code 'dynamic'}:
 * <ul>
 *   <li>initial scale {@code min(max_loss_scale, 2^16)};</li>
 *   <li>on a non-finite gradient the optimizer step is skipped and the scale halved, but not below
 *       {@code min_loss_scale} (no floor when it is unset or 0); the clean-step counter restarts;</li>
 *   <li>after {@code growthInterval} (2000) consecutive clean updates the scale doubles, but not above
 *       {@code max_loss_scale} (default 2^24), and the counter restarts.</li>
 * </ul>
 * The reference's bounds: pretraining min = max = 128 (constant scale, overflowing steps still
 * skipped); VQA/RefCOCO min 32; VCR min 128.
 *
 * <p>Usage per backward pass: feed {@link #lossScale()} as the loss scale, call
 * {@link #unscale(List)} on the gradients, then {@link #update(boolean)} with its result; skip the
 * optimizer step if that returns true.
 */
public final class DynamicLossScaler {
    public static final double DEFAULT_INIT_SCALE = 65536.0;
    public static final double DEFAULT_MAX_SCALE = 16777216.0;
    public static final int DEFAULT_GROWTH_INTERVAL = 2000;
    public static final double DEFAULT_FACTOR = 2.0;

    private final boolean dynamic;
    private final Double minScale;
    private final double maxScale;
    private final int growthInterval;
    private final double factor;
    private final float[] scratch = FloatBuffers.scratch();
    private double scale;
    private int unskipped;

    private DynamicLossScaler(boolean dynamic, double scale, Double minScale, double maxScale, int growthInterval,
            double factor) {
        if (growthInterval < 1) {
            throw new OptimizerException("loss-scale growth interval must be at least 1, got " + growthInterval);
        }
        if (!(factor > 1) || Double.isInfinite(factor)) {
            throw new OptimizerException("loss-scale growth/back-off factor must be > 1, got " + factor);
        }
        this.dynamic = dynamic;
        this.scale = scale;
        this.minScale = minScale;
        this.maxScale = maxScale;
        this.growthInterval = growthInterval;
        this.factor = factor;
    }

    /** A static scale: never changes, never asks to skip a step. */
    public static DynamicLossScaler fixed(double scale) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new OptimizerException("TRAIN.FP16_LOSS_SCALE must be a positive number or 'dynamic', got " + scale);
        }
        return new DynamicLossScaler(false, scale, null, DEFAULT_MAX_SCALE, DEFAULT_GROWTH_INTERVAL, DEFAULT_FACTOR);
    }

    /**
     * A dynamic scale with apex's defaults (start 2^16, ×2 after 2000 clean steps, ÷2 on overflow).
     *
     * @param minScale floor of the scale, or {@code null}/0 for none
     * @param maxScale ceiling of the scale (apex default 2^24)
     */
    public static DynamicLossScaler dynamic(Double minScale, double maxScale) {
        return dynamic(minScale, maxScale, DEFAULT_INIT_SCALE, DEFAULT_GROWTH_INTERVAL, DEFAULT_FACTOR);
    }

    public static DynamicLossScaler dynamic(Double minScale, double maxScale, double initScale, int growthInterval,
            double factor) {
        if (!(maxScale > 0)) {
            throw new OptimizerException("max loss scale must be positive, got " + maxScale);
        }
        if (minScale != null && (!(minScale >= 0) || minScale > maxScale)) {
            throw new OptimizerException("min loss scale " + minScale + " must be in [0, max loss scale " + maxScale + "]");
        }
        return new DynamicLossScaler(true, Math.min(maxScale, initScale), minScale, maxScale, growthInterval, factor);
    }

    /**
     * From the config value of {@code TRAIN.FP16_LOSS_SCALE}: {@code "dynamic"} or a number.
     *
     * @param minScale the task's min_loss_scale (null for none), used in dynamic mode
     * @param maxScale the task's max_loss_scale (null for apex's 2^24), used in dynamic mode
     */
    public static DynamicLossScaler fromConfig(String fp16LossScale, Double minScale, Double maxScale) {
        String v = fp16LossScale == null ? "" : fp16LossScale.trim();
        if (v.toLowerCase(Locale.ROOT).equals("dynamic")) {
            return dynamic(minScale, maxScale == null ? DEFAULT_MAX_SCALE : maxScale);
        }
        try {
            return fixed(Double.parseDouble(v));
        } catch (NumberFormatException e) {
            throw new OptimizerException("TRAIN.FP16_LOSS_SCALE must be a positive number or 'dynamic', got '"
                    + fp16LossScale + "'");
        }
    }

    public boolean isDynamic() {
        return dynamic;
    }

    /** The factor the loss is multiplied by before the backward pass. */
    public double lossScale() {
        return scale;
    }

    /** Consecutive clean updates since the last overflow or growth. */
    public int unskipped() {
        return unskipped;
    }

    /**
     * Checks the (scaled) gradients for NaN/Inf and, if clean, divides them by the scale in place
     * ({@code g *= (float)(1/scale)}). In static mode the check is skipped, as in apex.
     *
     * @return whether an overflow was found (then the gradients are left as they are)
     */
    public boolean unscale(List<FloatBuffer> grads) {
        if (dynamic && hasOverflow(grads)) {
            return true;
        }
        if (scale != 1.0) {
            float inv = (float) (1.0 / scale);
            for (FloatBuffer g : grads) {
                FloatBuffers.scale(g, inv, scratch);
            }
        }
        return false;
    }

    /** Whether any gradient element is NaN or ±Inf. */
    public boolean hasOverflow(List<FloatBuffer> grads) {
        return FloatBuffers.anyNonFinite(grads, scratch);
    }

    /**
     * Advances the scale after one backward pass.
     *
     * @param overflow whether the gradients of this pass had NaN/Inf
     * @return whether the optimizer step must be skipped (only in dynamic mode on overflow)
     */
    public boolean update(boolean overflow) {
        boolean skip;
        if (overflow && dynamic) {
            skip = true;
            double halved = scale / factor;
            scale = minScale != null && minScale != 0.0 ? Math.max(minScale, halved) : halved;
            unskipped = 0;
        } else {
            skip = false;
            unskipped++;
        }
        if (dynamic && unskipped == growthInterval) {
            scale = Math.min(maxScale, scale * factor);
            unskipped = 0;
        }
        return skip;
    }

    /** Restores the scale and counter saved with a checkpoint. */
    public void restore(double savedScale, int savedUnskipped) {
        if (!(savedScale > 0) || Double.isInfinite(savedScale) || savedUnskipped < 0) {
            throw new OptimizerException("invalid saved loss-scale state: scale " + savedScale + ", unskipped " + savedUnskipped);
        }
        this.scale = savedScale;
        this.unskipped = savedUnskipped;
    }
}
