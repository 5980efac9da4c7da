package org.vlbert.eval.vqa;

import java.util.Map;
import org.vlbert.eval.PythonText;

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
        } else if (value instanceof Double d) {
            out.append(number(d));
        } else if (value instanceof String) {
            out.append(PythonText.jsonString((String) value));
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
            out.append(PythonText.jsonString(String.valueOf(entry.getKey())));
            out.append(": ");
            writeValue(out, entry.getValue(), depth + 1);
        }
        out.append('\n').append(" ".repeat(depth)).append('}');
    }

    /** A float as json.dumps writes it: Python's repr, but NaN and Infinity in JavaScript spelling. */
    private static String number(double x) {
        if (Double.isNaN(x)) {
            return "NaN";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "Infinity" : "-Infinity";
        }
        return PythonText.repr(x);
    }
}
