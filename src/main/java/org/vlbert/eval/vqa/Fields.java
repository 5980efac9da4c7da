package org.vlbert.eval.vqa;

import com.fasterxml.jackson.databind.JsonNode;

/** Typed access to fields of VQA JSON objects, with errors that say where the bad value is. */
final class Fields {
    private Fields() {}

    static long questionId(JsonNode object, String where) {
        if (!object.isObject()) {
            throw new VqaEvalException(where + " is not an object");
        }
        JsonNode id = object.get("question_id");
        if (id == null) {
            throw new VqaEvalException(where + " has no 'question_id'");
        }
        if (!id.isIntegralNumber() || !id.canConvertToLong()) {
            throw new VqaEvalException(where + ": 'question_id' must be an integer, got " + id);
        }
        return id.longValue();
    }

    static String string(JsonNode object, String field, String where) {
        JsonNode value = object.get(field);
        if (value == null) {
            throw new VqaEvalException(where + " has no '" + field + "'");
        }
        if (!value.isTextual()) {
            throw new VqaEvalException(where + ": '" + field + "' must be a string, got " + value);
        }
        return value.textValue();
    }
}
