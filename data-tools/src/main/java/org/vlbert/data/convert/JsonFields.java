package org.vlbert.data.convert;

import com.fasterxml.jackson.databind.JsonNode;

/** Typed access to fields of a JSON record with {@code file:line: record: reason} errors. */
public final class JsonFields {
    private final JsonNode node;
    private final String location;
    private final String record;

    /**
     * @param location {@code file:line}
     * @param record   how to name the record in messages, e.g. {@code "questions[12]"}
     */
    public JsonFields(JsonNode node, String location, String record) {
        if (node == null || !node.isObject()) {
            throw new BadInputException(location, record + ": expected a JSON object");
        }
        this.node = node;
        this.location = location;
        this.record = record;
    }

    public BadInputException error(String reason) {
        return new BadInputException(location, record + ": " + reason);
    }

    public JsonNode node() {
        return node;
    }

    public JsonNode require(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw error("missing field '" + field + "'");
        }
        return v;
    }

    public long requireLong(String field) {
        JsonNode v = require(field);
        if (!v.canConvertToLong() || !(v.isIntegralNumber() || v.isTextual() && v.asText().matches("-?\\d+"))) {
            throw error("'" + field + "' must be an integer, got " + v);
        }
        return v.isTextual() ? Long.parseLong(v.asText()) : v.asLong();
    }

    public int requireInt(String field) {
        long v = requireLong(field);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw error("'" + field + "' is out of int32 range: " + v);
        }
        return (int) v;
    }

    public String requireText(String field) {
        JsonNode v = require(field);
        if (!v.isTextual()) {
            throw error("'" + field + "' must be a string, got " + v);
        }
        return v.asText();
    }

    /** An integer or string id as text (COCO ids are integers, others strings). */
    public String requireId(String field) {
        JsonNode v = require(field);
        if (v.isIntegralNumber() || v.isTextual()) {
            return v.asText();
        }
        throw error("'" + field + "' must be an integer or string id, got " + v);
    }

    public String optionalText(String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    public JsonNode requireArray(String field) {
        JsonNode v = require(field);
        if (!v.isArray()) {
            throw error("'" + field + "' must be an array");
        }
        return v;
    }
}
