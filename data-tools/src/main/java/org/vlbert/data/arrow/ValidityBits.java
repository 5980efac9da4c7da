package org.vlbert.data.arrow;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;

/** Marks ranges of slots valid in an Arrow validity bitmap (LSB-first bit order). */
final class ValidityBits {
    private ValidityBits() {}

    static void setRange(ArrowBuf validity, long start, long count) {
        long i = start;
        long end = start + count;
        while (i < end && (i & 7) != 0) {
            BitVectorHelper.setBit(validity, i++);
        }
        long fullBytes = (end - i) >>> 3;
        if (fullBytes > 0) {
            validity.setOne(i >>> 3, fullBytes);
            i += fullBytes << 3;
        }
        while (i < end) {
            BitVectorHelper.setBit(validity, i++);
        }
    }
}
