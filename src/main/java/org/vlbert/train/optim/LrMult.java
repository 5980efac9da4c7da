package org.vlbert.train.optim;

/** One {@code TRAIN.LR_MULT} entry: parameters whose name contains {@code substring} get {@code base_lr × multiplier}. */
public record LrMult(String substring, double multiplier) {
    public LrMult {
        if (substring == null) {
            throw new IllegalArgumentException("TRAIN.LR_MULT entry has no substring");
        }
        if (!(multiplier >= 0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("TRAIN.LR_MULT multiplier for '" + substring
                    + "' must be a finite non-negative number, got " + multiplier);
        }
    }
}
