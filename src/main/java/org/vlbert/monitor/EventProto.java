package org.vlbert.monitor;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Hand-rolled protobuf encoding of the two TensorBoard messages we write (tensorflow/core/util/
 * event.proto, framework/summary.proto):
 * <pre>
 * Event   { double wall_time = 1; int64 step = 2; oneof what { string file_version = 3; Summary summary = 5; } }
 * Summary { repeated Value value = 1; }
 * Value   { string tag = 1; oneof value { float simple_value = 2; } }
 * </pre>
 * proto3 rules: a zero {@code step} is omitted; a set oneof member is always written.
 */
final class EventProto {
    private static final int WIRE_VARINT = 0;
    private static final int WIRE_FIXED64 = 1;
    private static final int WIRE_LEN = 2;
    private static final int WIRE_FIXED32 = 5;

    private EventProto() {}

    static byte[] fileVersionEvent(double wallTime, String version) {
        Buf e = new Buf();
        e.fixed64Field(1, Double.doubleToRawLongBits(wallTime));
        e.bytesField(3, version.getBytes(StandardCharsets.UTF_8));
        return e.toByteArray();
    }

    static byte[] scalarEvent(double wallTime, long step, String tag, float value) {
        Buf v = new Buf();
        v.bytesField(1, tag.getBytes(StandardCharsets.UTF_8));
        v.tag(2, WIRE_FIXED32);
        v.fixed32(Float.floatToRawIntBits(value));
        Buf summary = new Buf();
        summary.bytesField(1, v.toByteArray());
        Buf e = new Buf();
        e.fixed64Field(1, Double.doubleToRawLongBits(wallTime));
        if (step != 0) {
            e.tag(2, WIRE_VARINT);
            e.varint(step);
        }
        e.bytesField(5, summary.toByteArray());
        return e.toByteArray();
    }

    private static final class Buf extends ByteArrayOutputStream {
        void tag(int field, int wire) {
            varint(((long) field << 3) | wire);
        }

        void varint(long v) {
            while ((v & ~0x7FL) != 0) {
                write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            write((int) v);
        }

        void fixed32(int v) {
            for (int i = 0; i < 4; i++) {
                write((v >>> (8 * i)) & 0xFF);
            }
        }

        void fixed64Field(int field, long v) {
            tag(field, WIRE_FIXED64);
            for (int i = 0; i < 8; i++) {
                write((int) ((v >>> (8 * i)) & 0xFF));
            }
        }

        void bytesField(int field, byte[] data) {
            tag(field, WIRE_LEN);
            varint(data.length);
            write(data, 0, data.length);
        }
    }
}
