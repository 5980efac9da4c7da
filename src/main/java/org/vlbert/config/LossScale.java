package org.vlbert.config;

/** {@code TRAIN.FP16_LOSS_SCALE}: a fixed loss scale, or {@code 'dynamic'} (apex dynamic scaling). */
public record LossScale(boolean dynamic, double fixedValue) {

    public static LossScale dynamicScale() {
        return new LossScale(true, 0.0);
    }

    public static LossScale fixed(double value) {
        return new LossScale(false, value);
    }
}
