package org.vlbert.eval.vqa;

import java.util.Map;

/**
 * Writes nested maps of strings and doubles exactly as Python's {@code json.dumps(obj, indent=1)}
 * does (the layout of the oracle files): one-space indentation, {@code ","} after an item and
 * {@code ": "} after a key, ASCII-only output with lower-case {@code \\uXXXX} escapes, floats in
 * Python repr, {@code {}} for an empty object.
 */
final class PythonJson {
    private PythonJson() {}

    static String dumpsIndent1(Map<String, ?> object) {
        StringBuilder out = new StringBuilder();
        writeValue(out, object, 0);
        return out.toString();
    }

    private static void writeValue(StringBuilder out, Object value, int depth) {
        if (value instanceof Map<?, ?>) {
            writeObject(out, (Map<?, ?>) value, depth);
        } else if (value instanceof Double) {
            out.append(PythonFloats.repr((Double) value));
        } else if (value instanceof String) {
            writeString(out, (String) value);
        } else {
            throw new IllegalArgumentException("cannot write " + value + " as JSON");
        }
    }

    private static void writeObject(StringBuilder out, Map<?, ?> object, int depth) {
        if (object.isEmpty()) {
            out.append("{}");
            return;
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : object.entrySet()) {
            out.append(first ? "\n" : ",\n").append(" ".repeat(depth + 1));
            first = false;
            writeString(out, String.valueOf(entry.getKey()));
            out.append(": ");
            writeValue(out, entry.getValue(), depth + 1);
        }
        out.append('\n').append(" ".repeat(depth)).append('}');
    }

    /** {@code ensure_ascii=True}: everything outside space..'~' is escaped, UTF-16 units as-is. */
    private static void writeString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                default:
                    if (c >= ' ' && c <= '~') {
                        out.append(c);
                    } else {
                        out.append(String.format("\\u%04x", (int) c));
                    }
            }
        }
        out.append('"');
    }
}
