package org.vlbert.monitor;

/**
 * Seconds one training batch spent in each phase, as the reference trainer measures them: data
 * loading, host-to-device transfer, forward, backward, optimizer (incl. scheduler and clipping) and
 * metric update (incl. TensorBoard writes).
 */
public record BatchTimings(double dataIn, double dataTransfer, double forward, double backward, double optimizer,
        double metric) {
    public static final BatchTimings ZERO = new BatchTimings(0, 0, 0, 0, 0, 0);
}
