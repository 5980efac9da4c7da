package org.vlbert.config;

/**
 * One {@code TRAIN.LR_MULT} entry ({@code [substring, multiplier]} in YAML): every parameter whose
 * name contains {@code substring} gets its own group with {@code lr = base_lr * multiplier}.
 */
public record LrMult(String substring, double multiplier) {
}
