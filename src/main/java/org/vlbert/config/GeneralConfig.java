package org.vlbert.config;

import java.util.List;

/** Top-level keys ({@code RNG_SEED}, {@code OUTPUT_PATH}, ...). */
public record GeneralConfig(int rngSeed, String outputPath, String module, String gpus, int logFrequent,
                            int checkpointFrequent, String modelPrefix, List<Integer> scales) {

    static GeneralConfig of(VlbertConfig c) {
        return new GeneralConfig(c.getInt("RNG_SEED"), c.getString("OUTPUT_PATH"), c.getString("MODULE"),
                c.getString("GPUS"), c.getInt("LOG_FREQUENT"), c.getInt("CHECKPOINT_FREQUENT"),
                c.getString("MODEL_PREFIX"), c.getList("SCALES", Integer.class));
    }

    /** Whether {@code RNG_SEED} asks for seeding (the original seeds only if it is above -1). */
    public boolean seeded() {
        return rngSeed > -1;
    }
}
