package org.vlbert.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vlbert.graphs.tensor.DType;

/**
 * The header of a .npy file: a Python dict literal such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (4, 10), }}.
 */
record NpyHeader(DType dtype, long[] shape) {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** numpy pads the header so that the data starts at a multiple of 64 bytes. */
    static final int ALIGNMENT = 64;

    /** Parses the dict literal; throws IllegalArgumentException with a readable reason. */
    static NpyHeader parse(String text) {
        Map<String, Object> dict = new LiteralParser(text).parseDict();
        Object descr = dict.get("descr");
        Object fortran = dict.get("fortran_order");
        Object shape = dict.get("shape");
        if (descr == null || fortran == null || shape == null) {
            throw new IllegalArgumentException("header lacks one of 'descr', 'fortran_order', 'shape': " + text.trim());
        }
        if (!(descr instanceof String d)) {
            throw new IllegalArgumentException("structured (record) dtypes are not supported: descr=" + descr);
        }
        if (Boolean.TRUE.equals(fortran)) {
            throw new IllegalArgumentException("the array is stored in Fortran (column-major) order, which is not "
                    + "supported; re-save it in C order, e.g. np.save(path, np.ascontiguousarray(a))");
        }
        if (!(shape instanceof List<?> dims)) {
            throw new IllegalArgumentException("'shape' is not a tuple: " + shape);
        }
        long[] s = new long[dims.size()];
        for (int i = 0; i < s.length; i++) {
            if (!(dims.get(i) instanceof Long v) || v < 0) {
                throw new IllegalArgumentException("bad dimension in shape " + shape);
            }
            s[i] = v;
        }
        return new NpyHeader(dtypeOf(d), s);
    }

    static DType dtypeOf(String descr) {
        return switch (descr) {
            case "<f4" -> DType.FLOAT;
            case "<f8" -> DType.DOUBLE;
            case "<f2" -> DType.FLOAT16;
            case "<i8" -> DType.INT64;
            case "<i4" -> DType.INT32;
            case "|u1", "<u1" -> DType.UINT8;
            case "|i1", "<i1" -> DType.INT8;
            case "|b1", "<b1" -> DType.BOOL;
            default -> throw new IllegalArgumentException("unsupported dtype '" + descr + "'"
                    + (descr.startsWith(">") ? " (big-endian; re-save with a.astype(a.dtype.newbyteorder('<')))"
                            : " (supported: <f4 <f8 <f2 <i8 <i4 |u1 |i1 |b1)"));
        };
    }

    static String descrOf(DType t) {
        return switch (t) {
            case FLOAT -> "<f4";
            case DOUBLE -> "<f8";
            case FLOAT16 -> "<f2";
            case INT64 -> "<i8";
            case INT32 -> "<i4";
            case UINT8 -> "|u1";
            case INT8 -> "|i1";
            case BOOL -> "|b1";
            case BFLOAT16 -> throw new IllegalArgumentException(
                    "numpy has no bfloat16 type; convert the tensor to float32 before writing .npy");
        };
    }

    /** The complete preamble (magic, version, length, padded dict) as numpy writes it. */
    byte[] encode() {
        StringBuilder dims = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            dims.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        dims.append(shape.length == 1 ? ",)" : ")");
        String dict = "{'descr': '" + descrOf(dtype) + "', 'fortran_order': False, 'shape': " + dims + ", }";
        int version = dict.length() + 1 + 10 < 65536 ? 1 : 2;
        int prefix = version == 1 ? 10 : 12;
        int total = prefix + dict.length() + 1;
        int padded = (total + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        int headerLen = padded - prefix;
        byte[] out = new byte[padded];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[6] = (byte) version;
        out[7] = 0;
        if (version == 1) {
            out[8] = (byte) headerLen;
            out[9] = (byte) (headerLen >>> 8);
        } else {
            for (int i = 0; i < 4; i++) {
                out[8 + i] = (byte) (headerLen >>> (8 * i));
            }
        }
        int p = prefix;
        for (int i = 0; i < dict.length(); i++) {
            out[p++] = (byte) dict.charAt(i);
        }
        while (p < padded - 1) {
            out[p++] = ' ';
        }
        out[p] = '\n';
        return out;
    }

    /** Minimal parser for the Python literals numpy writes: dict, str, bool, int, tuple/list. */
    private static final class LiteralParser {
        private final String s;
        private int pos;

        LiteralParser(String s) {
            this.s = s;
        }

        Map<String, Object> parseDict() {
            skipSpace();
            expect('{');
            Map<String, Object> out = new LinkedHashMap<>();
            while (true) {
                skipSpace();
                if (peek() == '}') {
                    pos++;
                    return out;
                }
                Object key = value();
                if (!(key instanceof String k)) {
                    throw error("dict key is not a string");
                }
                skipSpace();
                expect(':');
                out.put(k, value());
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != '}') {
                    throw error("expected ',' or '}'");
                }
            }
        }

        private Object value() {
            skipSpace();
            char c = peek();
            if (c == '\'' || c == '"') {
                int end = s.indexOf(c, pos + 1);
                if (end < 0) {
                    throw error("unterminated string");
                }
                String v = s.substring(pos + 1, end);
                pos = end + 1;
                return v;
            }
            if (c == '(' || c == '[') {
                char close = c == '(' ? ')' : ']';
                pos++;
                List<Object> items = new ArrayList<>();
                while (true) {
                    skipSpace();
                    if (peek() == close) {
                        pos++;
                        return items;
                    }
                    items.add(value());
                    skipSpace();
                    if (peek() == ',') {
                        pos++;
                    } else if (peek() != close) {
                        throw error("expected ',' or '" + close + "'");
                    }
                }
            }
            if (s.startsWith("True", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("False", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            if (c == '{') {
                return parseDict();
            }
            int start = pos;
            if (c == '-') {
                pos++;
            }
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                pos++;
            }
            if (s.startsWith("L", pos)) {
                pos++; // Python 2 long suffix
            }
            String digits = s.substring(start, pos).replace("L", "");
            if (digits.isEmpty() || digits.equals("-")) {
                throw error("unexpected character '" + c + "'");
            }
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw error("number out of range: " + digits);
            }
        }

        private void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private char peek() {
            if (pos >= s.length()) {
                throw error("header ends unexpectedly");
            }
            return s.charAt(pos);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("malformed header at character " + pos + " (" + what + "): "
                    + s.trim());
        }
    }
}
