package org.vlbert.config;

/**
 * One {@code TRAIN.LOSS_LOGGERS} entry ({@code "output_name,DisplayName"} in YAML): the model output
 * whose batch mean is averaged and the name it is logged under.
 */
public record LossLogger(String outputName, String displayName) {
}
