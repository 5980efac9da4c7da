package org.vlbert.train.schedule;

import java.util.Locale;

/** {@code TRAIN.WARMUP_METHOD} of the step schedule. */
public enum WarmupMethod {
    CONSTANT,
    LINEAR;

    public static WarmupMethod parse(String s) {
        String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        switch (v) {
            case "constant":
                return CONSTANT;
            case "linear":
                return LINEAR;
            default:
                throw new ScheduleException("TRAIN.WARMUP_METHOD must be 'constant' or 'linear', got '" + s + "'");
        }
    }
}
