package org.vlbert.data.convert;

/** Receives conversion progress in bytes of input consumed (total may be 0 when unknown). */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (done, total) -> { };

    void update(long done, long total);
}
