package org.vlbert.cli;

import java.util.List;
import java.util.Locale;
import org.vlbert.config.TrainConfig;
import org.vlbert.config.VlbertConfig;
import org.vlbert.train.TrainSettings;
import org.vlbert.train.optim.LrMult;

/** Maps the resolved TRAIN.* (and top-level) keys onto the trainer's settings. */
final class TrainSettingsFactory {
    private TrainSettingsFactory() {}

    static TrainSettings from(VlbertConfig cfg, int worldSize, long seed) {
        return from(cfg, worldSize, seed, 0);
    }

    static TrainSettings from(VlbertConfig cfg, int worldSize, long seed, long checkpointEverySteps) {
        TrainConfig t = cfg.train();
        List<LrMult> mults = t.lrMult().stream().map(m -> new LrMult(m.substring(), m.multiplier())).toList();
        double[] steps = t.lrStep().stream().mapToDouble(Double::doubleValue).toArray();
        String lossScale = t.fp16LossScale() == null || t.fp16LossScale().dynamic() ? "dynamic"
                : Double.toString(t.fp16LossScale().fixedValue());
        return new TrainSettings(t.beginEpoch(), t.endEpoch(), t.optimizer().yamlName(), t.lr(), t.momentum(), t.wd(),
                t.lrSchedule().name().toLowerCase(Locale.ROOT), t.warmup(),
                t.warmupMethod().name().toLowerCase(Locale.ROOT), t.warmupFactor(), t.warmupSteps(), steps,
                t.lrFactor(), t.clipGradNorm(), t.gradAccumulateSteps(), t.batchImagesSum(), worldSize, mults, t.fp16(),
                lossScale, cfg.general().checkpointFrequent(), checkpointEverySteps, t.resume(), t.autoResume(),
                cfg.general().logFrequent(), seed, cfg.general().modelPrefix());
    }
}
