package org.vlbert.config;

/**
 * The type of one config key: turns a YAML node into the canonical Java value (immutable:
 * Integer, Double, Boolean, String, List, or one of the small value records) and back into plain
 * YAML data for dumping. {@code parse(toYaml(v))} must equal {@code v}.
 */
interface ValueType {

    Object parse(RawNode node) throws BadValue;

    /**
     * Plain data for the YAML writer: String, Integer, Double, Boolean or a List of those. Most
     * canonical values already are; types with their own value records override this.
     */
    default Object toYaml(Object value) {
        return value;
    }

    /** Short type name for the key table, e.g. {@code int}, {@code float list}. */
    String name();
}
