package org.vlbert.data.convert;

import org.vlbert.data.arrow.ArrowSink;

/**
 * Options shared by all converters.
 *
 * @param skipBad    skip malformed records (counted and reported) instead of failing on the first
 * @param progress   receives bytes of input consumed
 * @param batchBytes bound on the size of one Arrow record batch (memory use is about twice this)
 */
public record ConversionOptions(boolean skipBad, ProgressListener progress, long batchBytes) {
    public static ConversionOptions defaults() {
        return new ConversionOptions(false, ProgressListener.NONE, ArrowSink.DEFAULT_BATCH_BYTES);
    }

    public ConversionOptions withSkipBad(boolean skip) {
        return new ConversionOptions(skip, progress, batchBytes);
    }

    public ConversionOptions withProgress(ProgressListener listener) {
        return new ConversionOptions(skipBad, listener, batchBytes);
    }

    public ConversionOptions withBatchBytes(long bytes) {
        return new ConversionOptions(skipBad, progress, bytes);
    }
}
