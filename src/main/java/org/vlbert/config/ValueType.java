package org.vlbert.config;

/**
 * The type of one config key: turns a YAML node into the canonical Java value (immutable:
 * Integer, Double, Boolean, String, List, or one of the small value records) and back into plain
 * YAML data for dumping. {@code parse(toYaml(v))} must equal {@code v}.
 */
interface ValueType {

    Object parse(RawNode node) throws BadValue;

    /** Plain data for the YAML writer: String, Integer, Double, Boolean or a List of those. */
    Object toYaml(Object value);

    /** Short type name for the key table, e.g. {@code int}, {@code float list}. */
    String name();
}
