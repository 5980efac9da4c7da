package org.vlbert.config;

/** How this project treats a key that the original code reads. */
public enum KeyStatus {
    /** Honoured with the reference semantics. */
    SUPPORTED,
    /**
     * Changes the original's results but is not implemented here yet. Accepted, and reported once
     * as a warning whenever its value asks for the missing behaviour.
     */
    NOT_YET_SUPPORTED,
    /**
     * Accepted and ignored without a warning: the original never uses it (dead code), or it only
     * concerns the original's process layout or Python bookkeeping and does not change results.
     */
    IGNORED_HARMLESS
}
