package org.vlbert.tasks;

import org.vlbert.cli.VlbertException;
import org.vlbert.config.VlbertConfig;

/**
 * TRAIN.ASPECT_GROUPING in the task plug-ins. As in the reference, only the training loader groups
 * (validation and test never do); RefCOCO+ and VQA group by their images' original size, while
 * the original VCR and pretraining datasets assert that the flag is off.
 */
public final class AspectGrouping {
    private AspectGrouping() {}

    /** Whether the training batches are grouped by aspect ratio. */
    public static boolean enabled(VlbertConfig cfg) {
        return cfg.train().aspectGrouping();
    }

    /** Refuses TRAIN.ASPECT_GROUPING for a task whose original training data does not support it. */
    public static void requireOff(VlbertConfig cfg, String task) {
        if (enabled(cfg)) {
            throw new VlbertException(cfg.source() + ": TRAIN.ASPECT_GROUPING is true (also its default when the"
                    + " config does not set it), but the original " + task + " training data does not support"
                    + " grouping batches by aspect ratio (it asserts the flag is off): set TRAIN.ASPECT_GROUPING:"
                    + " false");
        }
    }
}
