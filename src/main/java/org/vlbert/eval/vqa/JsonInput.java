package org.vlbert.eval.vqa;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Streams the VQA JSON files element by element (the val2014 annotations hold ~2 million answers,
 * too many for one tree) and turns I/O and syntax problems into {@link VqaEvalException}s that name
 * the file.
 */
final class JsonInput {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Receives one top-level field; the parser is on the field value's first token. */
    interface FieldHandler {
        void field(String name, JsonParser parser) throws IOException;
    }

    /** Receives one array element (as a tree) with its index. */
    interface ElementHandler {
        void element(int index, JsonNode value);
    }

    private interface ParserBody {
        void read(JsonParser parser) throws IOException;
    }

    private JsonInput() {}

    /** Reads {@code file}, whose top level must be an object, field by field. */
    static void readObject(Path file, String role, FieldHandler handler) {
        read(file, role, parser -> {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new VqaEvalException(role + " " + file + " must hold a JSON object at the top level");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                handler.field(name, parser);
            }
        });
    }

    /** Reads {@code file}, whose top level must be an array, element by element. */
    static void readArray(Path file, String role, String notArrayMessage, ElementHandler handler) {
        read(file, role, parser -> {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new VqaEvalException(role + " " + file + ": " + notArrayMessage);
            }
            forEachElement(parser, handler);
        });
    }

    /** Hands every element of the array that the parser is on to {@code handler}. */
    static void forEachElement(JsonParser parser, ElementHandler handler) throws IOException {
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            handler.element(index++, parser.readValueAsTree());
        }
    }

    private static void read(Path file, String role, ParserBody body) {
        if (!Files.isRegularFile(file)) {
            throw new VqaEvalException(role + " " + file + (Files.exists(file) ? " is not a file" : " does not exist"));
        }
        try (JsonParser parser = MAPPER.createParser(file.toFile())) {
            body.read(parser);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new VqaEvalException(role + " " + file + " is not valid JSON: " + e.getOriginalMessage() + where, e);
        } catch (IOException e) {
            throw new VqaEvalException("cannot read " + role + " " + file + ": " + e.getMessage(), e);
        }
    }
}
