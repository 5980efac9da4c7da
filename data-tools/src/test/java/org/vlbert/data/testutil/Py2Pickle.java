package org.vlbert.data.testutil;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes protocol-2 pickles the way Python 2's cPickle does for lists, dicts, ints and byte
 * strings ({@code str}, SHORT_BINSTRING/BINSTRING of the UTF-8 bytes), to test readers of
 * Python-2-era files such as REFER's {@code refs(unc).p}.
 */
public final class Py2Pickle {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private Py2Pickle() {}

    public static byte[] dumps(Object value) {
        Py2Pickle p = new Py2Pickle();
        p.out.write(0x80);
        p.out.write(2);
        p.write(value);
        p.out.write('.');
        return p.out.toByteArray();
    }

    private void write(Object v) {
        if (v instanceof List<?> list) {
            out.write(']');
            if (!list.isEmpty()) {
                out.write('(');
                list.forEach(this::write);
                out.write('e');
            }
        } else if (v instanceof Map<?, ?> map) {
            out.write('}');
            if (!map.isEmpty()) {
                out.write('(');
                map.forEach((k, val) -> {
                    write(k);
                    write(val);
                });
                out.write('u');
            }
        } else if (v instanceof String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (b.length < 256) {
                out.write('U');
                out.write(b.length);
            } else {
                out.write('T');
                int32(b.length);
            }
            out.writeBytes(b);
        } else if (v instanceof Integer || v instanceof Long) {
            long x = ((Number) v).longValue();
            if (x >= 0 && x < 256) {
                out.write('K');
                out.write((int) x);
            } else {
                out.write('J');
                int32(Math.toIntExact(x));
            }
        } else {
            throw new IllegalArgumentException("unsupported " + v);
        }
    }

    private void int32(int x) {
        out.write(x & 0xff);
        out.write((x >>> 8) & 0xff);
        out.write((x >>> 16) & 0xff);
        out.write((x >>> 24) & 0xff);
    }
}
