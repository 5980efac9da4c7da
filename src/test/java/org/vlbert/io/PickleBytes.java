package org.vlbert.io;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes pickle opcodes by hand, to build synthetic torch.save files in tests. */
final class PickleBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    PickleBytes op(int opcode) {
        out.write(opcode);
        return this;
    }

    PickleBytes raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    PickleBytes proto() {
        return op(0x80).op(2);
    }

    PickleBytes global(String module, String name) {
        return op('c').raw((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    PickleBytes str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return op('X').raw(le(b.length, 4)).raw(b);
    }

    PickleBytes bytes(byte[] b) {
        return op('B').raw(le(b.length, 4)).raw(b);
    }

    PickleBytes integer(long v) {
        if (v == (int) v) {
            return op('J').raw(le(v, 4));
        }
        return bigInteger(BigInteger.valueOf(v));
    }

    PickleBytes bigInteger(BigInteger v) {
        byte[] be = v.toByteArray();
        byte[] little = new byte[be.length];
        for (int i = 0; i < be.length; i++) {
            little[i] = be[be.length - 1 - i];
        }
        return op(0x8a).op(little.length).raw(little);
    }

    PickleBytes floating(double v) {
        return op('G').raw(ByteBuffer.allocate(8).putDouble(v).array());
    }

    PickleBytes bool(boolean v) {
        return op(v ? 0x88 : 0x89);
    }

    PickleBytes none() {
        return op('N');
    }

    PickleBytes mark() {
        return op('(');
    }

    PickleBytes tuple() {
        return op('t');
    }

    PickleBytes emptyTuple() {
        return op(')');
    }

    PickleBytes emptyDict() {
        return op('}');
    }

    PickleBytes setItems() {
        return op('u');
    }

    PickleBytes setItem() {
        return op('s');
    }

    PickleBytes reduce() {
        return op('R');
    }

    PickleBytes build() {
        return op('b');
    }

    PickleBytes persId() {
        return op('Q');
    }

    PickleBytes emptyList() {
        return op(']');
    }

    PickleBytes appends() {
        return op('e');
    }

    PickleBytes stop() {
        return op('.');
    }

    PickleBytes ints(long... values) {
        mark();
        for (long v : values) {
            integer(v);
        }
        return tuple();
    }

    /** {@code collections.OrderedDict()} */
    PickleBytes orderedDict() {
        return global("collections", "OrderedDict").emptyTuple().reduce();
    }

    /** Zip-format persistent id: ('storage', torch.&lt;type&gt;, key, 'cpu', numel). */
    PickleBytes zipStorage(String type, String key, long numel) {
        return mark().str("storage").global("torch", type).str(key).str("cpu").integer(numel).tuple().persId();
    }

    /** Legacy persistent id: ('storage', torch.&lt;type&gt;, key, 'cpu', numel, view). */
    PickleBytes legacyStorage(String type, String key, long numel, String viewKey, long viewOffset, long viewSize) {
        mark().str("storage").global("torch", type).str(key).str("cpu").integer(numel);
        if (viewKey == null) {
            none();
        } else {
            mark().str(viewKey).integer(viewOffset).integer(viewSize).tuple();
        }
        return tuple().persId();
    }

    /** Starts {@code _rebuild_tensor_v2(}: push the function and the argument MARK; then push the storage. */
    PickleBytes beginTensor() {
        return global("torch._utils", "_rebuild_tensor_v2").mark();
    }

    /** Completes the argument tuple after the storage: offset, size, stride, requires_grad, hooks. */
    PickleBytes endTensor(long offset, long[] size, long[] stride) {
        integer(offset).ints(size).ints(stride).bool(false).orderedDict();
        return tuple().reduce();
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    static byte[] le(long v, int width) {
        byte[] b = new byte[width];
        for (int i = 0; i < width; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    static byte[] floatsLE(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }
}
