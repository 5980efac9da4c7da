package org.vlbert.config;

import java.util.List;
import java.util.Locale;

/** {@code TRAIN}: optimizer, schedule, batching, precision and loss logging (training.md §4–§7). */
public record TrainConfig(List<LrMult> lrMult, boolean shuffle, double flipProb, List<Integer> batchImages,
                          boolean aspectGrouping, boolean resume, boolean autoResume, int beginEpoch, int endEpoch,
                          Optimizer optimizer, double clipGradNorm, int gradAccumulateSteps, double lr,
                          LrSchedule lrSchedule, double lrFactor, List<Double> lrStep, boolean warmup,
                          WarmupMethod warmupMethod, double warmupFactor, int warmupSteps, double wd,
                          double momentum, boolean fp16, LossScale fp16LossScale, List<LossLogger> lossLoggers) {

    public enum Optimizer {
        SGD("SGD"), ADAM("Adam"), ADAMW("AdamW");

        private final String yamlName;

        Optimizer(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }

        static Optimizer of(String yamlName) {
            for (Optimizer o : values()) {
                if (o.yamlName.equals(yamlName)) {
                    return o;
                }
            }
            throw new IllegalArgumentException(yamlName);
        }
    }

    public enum LrSchedule { STEP, TRIANGLE, PLATEAU }

    public enum WarmupMethod { LINEAR, CONSTANT }

    static TrainConfig of(VlbertConfig c) {
        String p = "TRAIN.";
        return new TrainConfig(c.getList(p + "LR_MULT", LrMult.class), c.getBool(p + "SHUFFLE"),
                c.getDouble(p + "FLIP_PROB"), c.getIntOrIntList(p + "BATCH_IMAGES"), c.getBool(p + "ASPECT_GROUPING"),
                c.getBool(p + "RESUME"), c.getBool(p + "AUTO_RESUME"), c.getInt(p + "BEGIN_EPOCH"),
                c.getInt(p + "END_EPOCH"), Optimizer.of(c.getString(p + "OPTIMIZER")),
                c.getDouble(p + "CLIP_GRAD_NORM"), c.getInt(p + "GRAD_ACCUMULATE_STEPS"), c.getDouble(p + "LR"),
                LrSchedule.valueOf(upper(c.getString(p + "LR_SCHEDULE"))), c.getDouble(p + "LR_FACTOR"),
                c.getList(p + "LR_STEP", Double.class), c.getBool(p + "WARMUP"),
                WarmupMethod.valueOf(upper(c.getString(p + "WARMUP_METHOD"))), c.getDouble(p + "WARMUP_FACTOR"),
                c.getInt(p + "WARMUP_STEPS"), c.getDouble(p + "WD"), c.getDouble(p + "MOMENTUM"), c.getBool(p + "FP16"),
                (LossScale) c.get(p + "FP16_LOSS_SCALE"), c.getList(p + "LOSS_LOGGERS", LossLogger.class));
    }

    private static String upper(String yamlName) {
        return yamlName.toUpperCase(Locale.ROOT);
    }

    /** Samples per device per micro-batch, summed over the datasets of a pretraining dataset list. */
    public int batchImagesSum() {
        return batchImages.stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * The optimizer's base learning rate: {@code LR} is per sample and is multiplied by the samples
     * of one update, {@code devices × Σ BATCH_IMAGES × GRAD_ACCUMULATE_STEPS} (training.md §4).
     */
    public double baseLr(int devices) {
        return lr * devices * batchImagesSum() * gradAccumulateSteps;
    }

    /** Warmup length in updates ({@code W} of training.md §6): WARMUP_STEPS if WARMUP, else 0. */
    public int effectiveWarmupSteps() {
        return warmup ? warmupSteps : 0;
    }
}
