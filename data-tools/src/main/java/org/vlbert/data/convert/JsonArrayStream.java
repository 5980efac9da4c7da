package org.vlbert.data.convert;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.vlbert.data.DataException;

/**
 * Streams the elements of one array inside a (possibly huge) JSON file, e.g. {@code "questions"}
 * of a VQA questions file, holding only one element in memory. Errors carry
 * {@code file:line} of the element.
 */
public final class JsonArrayStream implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final CountingInputStream counter;
    private final JsonParser parser;
    private final long size;
    private long index = -1;
    private long line;
    private boolean finished;

    /** Opens {@code file} and positions on the array of top-level field {@code field} (or the root array if null). */
    public JsonArrayStream(Path file, String field) {
        this.file = file;
        try {
            this.size = Files.size(file);
            InputStream in = Files.newInputStream(file);
            this.counter = new CountingInputStream(in);
            this.parser = JSON.getFactory().createParser(counter);
            seek(field);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new DataException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private void seek(String field) throws IOException {
        JsonToken t = parser.nextToken();
        if (field == null) {
            if (t != JsonToken.START_ARRAY) {
                throw new BadInputException(file + ":" + parser.currentLocation().getLineNr(), "expected a JSON array");
            }
            return;
        }
        if (t != JsonToken.START_OBJECT) {
            throw new BadInputException(file + ":" + parser.currentLocation().getLineNr(), "expected a JSON object");
        }
        while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            t = parser.nextToken();
            if (name.equals(field)) {
                if (t != JsonToken.START_ARRAY) {
                    throw new BadInputException(file + ":" + parser.currentLocation().getLineNr(),
                            "'" + field + "' is not an array");
                }
                return;
            }
            parser.skipChildren();
        }
        throw new BadInputException(file.toString(), "no top-level '" + field + "' array");
    }

    /** The next element, or {@code null} after the last. */
    public JsonNode next() {
        if (finished) {
            return null;
        }
        try {
            JsonToken t = parser.nextToken();
            if (t == JsonToken.END_ARRAY || t == null) {
                finished = true;
                return null;
            }
            index++;
            line = parser.currentTokenLocation().getLineNr();
            return parser.readValueAsTree();
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new DataException(file + ": read failed (" + e.getMessage() + ")", e);
        }
    }

    private BadInputException malformed(JsonProcessingException e) {
        long at = e.getLocation() == null ? line : e.getLocation().getLineNr();
        return new BadInputException(file + ":" + at, "malformed JSON (" + e.getOriginalMessage() + ")");
    }

    /** 0-based index of the element last returned. */
    public long index() {
        return index;
    }

    /** {@code file:line} where the element last returned starts. */
    public String location() {
        return file + ":" + line;
    }

    public Path file() {
        return file;
    }

    public long bytesRead() {
        return counter.count();
    }

    public long size() {
        return size;
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            // read-only
        }
    }
}
