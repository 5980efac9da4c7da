package org.vlbert.config;

import java.util.List;

/**
 * A parsed YAML node before any schema is applied, with the 1-based line it starts on
 * (0 when unknown, e.g. for {@code --set} values).
 */
sealed interface RawNode permits RawNode.Scalar, RawNode.Sequence, RawNode.Mapping {

    int line();

    /** Short description for error messages: {@code 'abc'}, {@code 1.5}, {@code null}, {@code a list}. */
    String describe();

    /**
     * A scalar. {@code value} is a String, Integer, Long, BigInteger, Double, Boolean or null (YAML
     * null); {@code text} is the scalar as written.
     */
    record Scalar(Object value, String text, int line) implements RawNode {
        @Override
        public String describe() {
            if (value == null) {
                return "null";
            }
            if (value instanceof String) {
                return "'" + text + "'";
            }
            return text;
        }
    }

    record Sequence(List<RawNode> items, int line) implements RawNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    record Mapping(List<Entry> entries, int line) implements RawNode {
        public Mapping {
            entries = List.copyOf(entries);
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    /** One {@code key: value} pair; {@code line} is the line of the key. */
    record Entry(String key, int line, RawNode value) {
    }
}
