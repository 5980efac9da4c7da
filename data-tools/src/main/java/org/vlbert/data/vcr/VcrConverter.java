package org.vlbert.data.vcr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vlbert.data.DataException;
import org.vlbert.data.arrow.ArrowSink;
import org.vlbert.data.convert.BadInputException;
import org.vlbert.data.convert.BadRecords;
import org.vlbert.data.convert.ConversionOptions;
import org.vlbert.data.convert.ConversionReport;
import org.vlbert.data.convert.JsonFields;
import org.vlbert.data.convert.LineInput;
import org.vlbert.data.schema.VcrSchema;
import org.vlbert.data.text.TokenIds;
import org.vlbert.data.text.WordPieceTokenizer;

/**
 * {@code vlbert data convert-vcr}: a VCR {@code train/val/test.jsonl} plus the per-image metadata
 * JSON files (under {@code vcr1images/}) → a VCR file ({@link VcrSchema}). Each string token is
 * tokenized on its own, as the reference does ({@code tokenize(token)}); object references are
 * kept as object ids. One line and one metadata file are in memory at a time.
 */
public final class VcrConverter {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param imagesDir the {@code vcr1images} directory that {@code metadata_fn} is relative to
     */
    public record Settings(Path imagesDir, WordPieceTokenizer tokenizer, String vocabDescription) {}

    private VcrConverter() {}

    public static ConversionReport convert(Path jsonl, Path output, Settings settings, ConversionOptions options) {
        long start = System.nanoTime();
        BadRecords bad = new BadRecords(options.skipBad());
        try (ArrowSink sink = ArrowSink.create(output, VcrSchema.schema(metadata(settings)), options.batchBytes());
             LineInput in = new LineInput(jsonl)) {
            for (String line = in.next(bad); line != null; line = in.next(bad)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    VcrRows.append(sink, parse(line, in.location(), settings));
                } catch (BadInputException e) {
                    bad.handle(e);
                }
                options.progress().update(in.bytesRead(), in.size());
            }
            return ConversionReport.commit(sink, start, bad);
        }
    }

    static VcrItem parse(String line, String at, Settings settings) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new BadInputException(at, "malformed JSON (" + e.getOriginalMessage() + ")");
        }
        JsonFields f = new JsonFields(node, at, "annotation");
        String annotId = f.requireText("annot_id");
        JsonFields a = new JsonFields(node, at, annotId);
        List<String> objects = new ArrayList<>();
        for (JsonNode o : a.requireArray("objects")) {
            if (!o.isTextual()) {
                throw a.error("objects must be strings, got " + o);
            }
            objects.add(o.asText());
        }
        List<VcrToken> question = tokens(a, "question", a.requireArray("question"), objects.size(), settings);
        List<List<VcrToken>> answers = choices(a, "answer_choices", objects.size(), settings);
        List<List<VcrToken>> rationales = choices(a, "rationale_choices", objects.size(), settings);
        Integer answerLabel = label(a, "answer_label", answers.size());
        Integer rationaleLabel = label(a, "rationale_label", rationales.size());
        String metadataFn = a.requireText("metadata_fn");
        VcrMetadata meta = metadata(settings.imagesDir().resolve(metadataFn), objects.size(), a);
        return new VcrItem(annotId, a.optionalText("movie"), a.requireText("img_fn"), metadataFn, objects, question,
                answers, rationales, answerLabel, rationaleLabel, meta.width(), meta.height(), meta.boxes(),
                meta.segms());
    }

    private static Integer label(JsonFields a, String field, int choices) {
        if (!a.node().hasNonNull(field)) {
            return null;
        }
        int v = a.requireInt(field);
        if (v < 0 || v >= choices) {
            throw a.error(field + " " + v + " is not a choice index (0.." + (choices - 1) + ")");
        }
        return v;
    }

    private static List<List<VcrToken>> choices(JsonFields a, String field, int numObjects, Settings settings) {
        List<List<VcrToken>> out = new ArrayList<>();
        int c = 0;
        for (JsonNode choice : a.requireArray(field)) {
            if (!choice.isArray()) {
                throw a.error(field + "[" + c + "] is not a token list");
            }
            out.add(tokens(a, field + "[" + c + "]", choice, numObjects, settings));
            c++;
        }
        return out;
    }

    private static List<VcrToken> tokens(JsonFields a, String what, JsonNode list, int numObjects, Settings settings) {
        List<VcrToken> out = new ArrayList<>();
        for (JsonNode t : list) {
            if (t.isTextual()) {
                out.add(new VcrToken(t.asText(), null, TokenIds.of(settings.tokenizer(), t.asText())));
            } else if (t.isArray() && !t.isEmpty()) {
                int[] ids = new int[t.size()];
                for (int i = 0; i < ids.length; i++) {
                    JsonNode v = t.get(i);
                    if (!v.isIntegralNumber() || v.asInt() < 0 || v.asInt() >= numObjects) {
                        throw a.error(what + ": object reference " + t + " is not an index into the " + numObjects
                                + " objects");
                    }
                    ids[i] = v.asInt();
                }
                out.add(new VcrToken(null, ids, new int[0]));
            } else {
                throw a.error(what + ": token " + t + " is neither a string nor a list of object indices");
            }
        }
        return out;
    }

    private static VcrMetadata metadata(Path file, int numObjects, JsonFields a) {
        JsonNode m;
        try {
            m = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw a.error("metadata file " + file + " does not exist");
        } catch (JsonProcessingException e) {
            throw a.error("metadata file " + file + " is malformed JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        VcrMetadata meta = VcrMetadata.parse(m, a::error);
        if (meta.boxes().length != numObjects) {
            throw a.error("metadata " + file + " has " + meta.boxes().length + " boxes and " + meta.segms().length
                    + " segms for " + numObjects + " objects");
        }
        return meta;
    }

    private static Map<String, String> metadata(Settings settings) {
        return VcrRows.metadata(settings.tokenizer(), settings.vocabDescription(), "vlbert data convert-vcr");
    }
}
