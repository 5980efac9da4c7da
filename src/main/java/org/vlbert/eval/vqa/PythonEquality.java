package org.vlbert.eval.vqa;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * A canonical string for a JSON value such that two values get the same string exactly when the
 * Python objects that {@code json.load} makes of them are {@code ==}: key order is irrelevant,
 * numbers compare by value ({@code 1 == 1.0}) and {@code true == 1}, {@code false == 0}.
 */
final class PythonEquality {
    private PythonEquality() {}

    /** The canonical form of {@code object} without its field {@code excluded}. */
    static String canonicalWithout(JsonNode object, String excluded) {
        StringBuilder out = new StringBuilder();
        appendObject(out, object, excluded);
        return out.toString();
    }

    private static void append(StringBuilder out, JsonNode node) {
        if (node.isObject()) {
            appendObject(out, node, null);
        } else if (node.isArray()) {
            out.append('[');
            for (JsonNode element : node) {
                append(out, element);
                out.append(',');
            }
            out.append(']');
        } else if (node.isNumber()) {
            BigDecimal value = node.decimalValue();
            out.append(value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString());
        } else if (node.isBoolean()) {
            out.append(node.booleanValue() ? "1" : "0");
        } else if (node.isNull()) {
            out.append("null");
        } else {
            appendQuoted(out, node.asText());
        }
    }

    private static void appendObject(StringBuilder out, JsonNode object, String excluded) {
        Map<String, JsonNode> sorted = new TreeMap<>();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            if (!field.getKey().equals(excluded)) {
                sorted.put(field.getKey(), field.getValue());
            }
        }
        out.append('{');
        sorted.forEach((name, value) -> {
            appendQuoted(out, name);
            out.append(':');
            append(out, value);
            out.append(',');
        });
        out.append('}');
    }

    private static void appendQuoted(StringBuilder out, String s) {
        out.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
}
