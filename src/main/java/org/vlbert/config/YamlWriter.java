package org.vlbert.config;

import java.util.List;
import java.util.Map;

/**
 * Writes plain data (maps, lists, strings, numbers, booleans) as block YAML in the layout of the
 * original config files. The output is canonical (fixed quoting and number format), so it can be
 * hashed, and it reads back identically with this loader and with PyYAML: strings are always
 * quoted, doubles always carry a dot or a signed exponent.
 */
final class YamlWriter {
    private YamlWriter() {}

    static String write(Map<String, Object> root) {
        StringBuilder out = new StringBuilder("---\n");
        writeMap(out, root, 0);
        return out.toString();
    }

    private static void writeMap(StringBuilder out, Map<?, ?> map, int indent) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            out.append(" ".repeat(indent)).append(e.getKey()).append(':');
            writeValue(out, e.getValue(), indent);
        }
    }

    /** Writes what follows "key:" — a scalar on the same line or a block below it. */
    private static void writeValue(StringBuilder out, Object value, int indent) {
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                out.append(" {}\n");
            } else {
                out.append('\n');
                writeMap(out, map, indent + 2);
            }
        } else if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                out.append(" []\n");
            } else {
                out.append('\n');
                writeItems(out, list, indent);
            }
        } else {
            out.append(' ').append(scalar(value)).append('\n');
        }
    }

    /** Sequence items at the key's own indentation ("SCALES:\n- 600"), as in the original files. */
    private static void writeItems(StringBuilder out, List<?> items, int indent) {
        String pad = " ".repeat(indent);
        for (Object item : items) {
            if (item instanceof Map<?, ?> map && !map.isEmpty()) {
                StringBuilder block = new StringBuilder();
                writeMap(block, map, indent + 2);
                out.append(pad).append("- ").append(block, indent + 2, block.length());
            } else if (item instanceof List<?> inner) {
                out.append(pad).append("- ").append(flow(inner)).append('\n');
            } else {
                out.append(pad).append("- ").append(scalar(item)).append('\n');
            }
        }
    }

    private static String flow(List<?> items) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(scalar(items.get(i)));
        }
        return out.append(']').toString();
    }

    static String scalar(Object value) {
        if (value instanceof String s) {
            return quote(s);
        }
        if (value instanceof Double d) {
            return ValueTypes.formatDouble(d);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Boolean) {
            return value.toString();
        }
        throw new IllegalArgumentException("cannot write " + value + " as a YAML scalar");
    }

    private static String quote(String s) {
        boolean printable = s.chars().allMatch(c -> c >= 0x20 && c != 0x7f);
        if (printable) {
            return "'" + s.replace("'", "''") + "'";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
