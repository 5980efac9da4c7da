package org.vlbert.data.convert;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * Decodes the base64 arrays of the bottom-up-attention files. Like Python's
 * {@code base64.decodebytes} it ignores characters outside the alphabet (embedded newlines); it also
 * accepts the {@code b'...'} wrapper that Python-3 ports of the BUTD scripts leave in TSV fields.
 * The decoded byte count must match the expected element count exactly.
 */
public final class Base64Floats {
    private Base64Floats() {}

    /** Decodes little-endian 4-byte elements (float32 or int32 payloads); returns a LE buffer. */
    public static ByteBuffer decode(String location, String field, String value, long expectedElements,
                                    String shapeDescription) {
        byte[] bytes = decodeBytes(location, field, value);
        long expected = expectedElements * 4;
        if (bytes.length != expected) {
            throw new BadInputException(location, field + ": base64 decodes to " + bytes.length + " bytes, expected "
                    + expected + " (" + shapeDescription + ")");
        }
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Decodes 8-byte little-endian integers (the int64 id arrays) to int values. */
    public static int[] decodeInt64(String location, String field, String value, int expectedElements) {
        byte[] bytes = decodeBytes(location, field, value);
        if (bytes.length != expectedElements * 8L) {
            throw new BadInputException(location, field + ": base64 decodes to " + bytes.length + " bytes, expected "
                    + expectedElements * 8L + " (" + expectedElements + " int64)");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int[] out = new int[expectedElements];
        for (int i = 0; i < expectedElements; i++) {
            long id = b.getLong(i * 8);
            if (id < Integer.MIN_VALUE || id > Integer.MAX_VALUE) {
                throw new BadInputException(location, field + ": value " + id + " at " + i + " does not fit int32");
            }
            out[i] = (int) id;
        }
        return out;
    }

    /** The number of bytes {@code value} decodes to. */
    public static int decodedLength(String location, String field, String value) {
        return decodeBytes(location, field, value).length;
    }

    static byte[] decodeBytes(String location, String field, String value) {
        String v = value.strip();
        if (v.length() >= 3 && v.startsWith("b'") && v.endsWith("'")) {
            v = v.substring(2, v.length() - 1);
        }
        try {
            return Base64.getMimeDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(location, field + ": invalid base64 (" + e.getMessage() + ")");
        }
    }
}
