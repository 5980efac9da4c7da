package org.vlbert.data.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vlbert.data.arrow.ArrowSink;
import org.vlbert.data.convert.BadInputException;
import org.vlbert.data.convert.BadRecords;
import org.vlbert.data.convert.ConversionOptions;
import org.vlbert.data.convert.ConversionReport;
import org.vlbert.data.convert.InputFiles;
import org.vlbert.data.convert.LineInput;
import org.vlbert.data.regions.RegionFeatures;
import org.vlbert.data.schema.SchemaMeta;
import org.vlbert.data.schema.TextSchema;
import org.vlbert.data.tokenizer.PythonText;

/**
 * {@code vlbert data convert-captions} and {@code convert-corpus}: pretraining text → captions /
 * corpus files ({@link TextSchema}), streamed line by line.
 * <ul>
 *   <li>Corpus (pretraining.md §2.3): the files are read in order; each line loses its CR/LF and
 *       surrounding whitespace, and empty lines are dropped. One row per remaining line; segments
 *       are assembled at load time ({@link CorpusSegments}).</li>
 *   <li>Conceptual Captions: Google's {@code caption<TAB>url} TSV (image id = the 0-based line number
 *       as {@code %08d}, as the download scripts name the images), or the prepared JSON lines
 *       {@code {"image": ..., "caption": [words], "frcnn": ".../<id>.json"}} the reference reads
 *       (image id = the file stem of {@code frcnn}, else of {@code image}).</li>
 * </ul>
 */
public final class TextConverter {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Conceptual Captions input forms. */
    public enum CaptionFormat { TSV, JSONL }

    /**
     * @param regions when given, a caption whose image is not in it is bad input (use --skip-bad to drop those)
     */
    public record Settings(WordPieceTokenizer tokenizer, String vocabDescription, RegionFeatures regions) {}

    private TextConverter() {}

    public static ConversionReport corpus(List<Path> inputs, Path output, Settings settings, ConversionOptions options) {
        long start = System.nanoTime();
        long total = InputFiles.totalSize(inputs);
        BadRecords bad = new BadRecords(options.skipBad());
        try (ArrowSink sink = ArrowSink.create(output, TextSchema.corpus(meta(settings, "convert-corpus")),
                options.batchBytes())) {
            long before = 0;
            for (Path input : inputs) {
                try (LineInput in = new LineInput(input)) {
                    for (String line = in.next(bad); line != null; line = in.next(bad)) {
                        String text = PythonText.strip(line);
                        if (text.isEmpty()) {
                            continue;
                        }
                        TextRows.append(sink, null, text, WordPieces.of(settings.tokenizer(), text));
                        options.progress().update(before + in.bytesRead(), total);
                    }
                    before += in.size();
                }
            }
            return ConversionReport.commit(sink, start, bad);
        }
    }

    public static ConversionReport captions(Path input, CaptionFormat format, Path output, Settings settings,
                                            ConversionOptions options) {
        long start = System.nanoTime();
        BadRecords bad = new BadRecords(options.skipBad());
        try (ArrowSink sink = ArrowSink.create(output, TextSchema.captions(meta(settings, "convert-captions")),
                options.batchBytes());
             LineInput in = new LineInput(input)) {
            long index = -1;
            for (String line = in.next(bad); line != null; line = in.next(bad)) {
                index = in.lineNumber() - 1;
                if (format == CaptionFormat.JSONL && line.isBlank()) {
                    continue;
                }
                try {
                    String[] caption = format == CaptionFormat.TSV ? fromTsv(line, index, in.location())
                            : fromJsonl(line, in.location());
                    if (settings.regions() != null && settings.regions().indexOf(caption[0]) < 0) {
                        throw new BadInputException(in.location(), "image " + caption[0] + " is not in the regions file "
                                + settings.regions().path());
                    }
                    TextRows.append(sink, caption[0], caption[1], WordPieces.of(settings.tokenizer(), caption[1]));
                } catch (BadInputException e) {
                    bad.handle(e);
                }
                options.progress().update(in.bytesRead(), in.size());
            }
            return ConversionReport.commit(sink, start, bad);
        }
    }

    /** {@code caption<TAB>url}; the image is named after the 0-based line number. */
    private static String[] fromTsv(String line, long index, String at) {
        String[] cols = line.split("\t", -1);
        if (cols.length != 2) {
            throw new BadInputException(at, "expected 2 tab-separated fields (caption, url), found " + cols.length);
        }
        if (cols[0].isBlank()) {
            throw new BadInputException(at, "empty caption");
        }
        return new String[] {String.format(Locale.ROOT, "%08d", index), cols[0]};
    }

    private static String[] fromJsonl(String line, String at) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new BadInputException(at, "malformed JSON (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new BadInputException(at, "expected a JSON object");
        }
        JsonNode caption = node.get("caption");
        if (caption == null || !caption.isArray() || caption.isEmpty()) {
            throw new BadInputException(at, "'caption' must be a non-empty list of words");
        }
        List<String> words = new ArrayList<>();
        for (JsonNode w : caption) {
            if (!w.isTextual()) {
                throw new BadInputException(at, "'caption' holds a non-string " + w);
            }
            words.add(w.asText());
        }
        JsonNode path = node.hasNonNull("frcnn") ? node.get("frcnn") : node.get("image");
        if (path == null || !path.isTextual()) {
            throw new BadInputException(at, "missing 'frcnn' or 'image' path");
        }
        String name = path.asText().substring(path.asText().lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return new String[] {dot > 0 ? name.substring(0, dot) : name, String.join(" ", words)};
    }

    private static Map<String, String> meta(Settings settings, String tool) {
        return SchemaMeta.withProvenance(new LinkedHashMap<>(), settings.vocabDescription(), "vlbert data " + tool);
    }
}
