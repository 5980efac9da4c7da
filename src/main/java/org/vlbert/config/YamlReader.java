package org.vlbert.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads YAML text into {@link RawNode}s with line numbers, using Jackson's streaming YAML parser
 * (YAML 1.1 scalars, like the original's PyYAML: {@code yes}/{@code no} are booleans,
 * {@code 010} is octal). Duplicate keys are reported (PyYAML would silently keep the last).
 */
final class YamlReader {
    /** {@code key:} with nothing after it is null, as in PyYAML (not an empty string). */
    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL).build();
    private static final Pattern MARK = Pattern.compile("line (\\d+), column \\d+");

    private final String source;
    private final Problems problems;

    private YamlReader(String source, Problems problems) {
        this.source = source;
        this.problems = problems;
    }

    /**
     * Parses one YAML document. An empty document gives an empty mapping. Malformed YAML throws a
     * ConfigException naming {@code source} and the line; duplicate keys are added to {@code problems}.
     */
    static RawNode read(String text, String source, Problems problems) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            YamlReader reader = new YamlReader(source, problems);
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new RawNode.Mapping(List.of(), 1);
            }
            RawNode root = reader.node(parser, "");
            if (parser.nextToken() != null) {
                throw new ConfigException(source + ":" + line(parser)
                        + ": malformed YAML: more than one document (only one config per file)");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw malformed(source, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private RawNode node(JsonParser p, String path) throws IOException {
        int line = line(p);
        if (p instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
            throw new ConfigException(source + ":" + line + ": YAML aliases (*" + p.getText()
                    + ") are not supported in configs; write the value out");
        }
        JsonToken token = p.currentToken();
        switch (token) {
            case START_OBJECT:
                return mapping(p, line, path);
            case START_ARRAY:
                List<RawNode> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(node(p, path + "[" + items.size() + "]"));
                }
                return new RawNode.Sequence(items, line);
            case VALUE_NULL:
                return new RawNode.Scalar(null, p.getText(), line);
            case VALUE_TRUE:
                return new RawNode.Scalar(Boolean.TRUE, p.getText(), line);
            case VALUE_FALSE:
                return new RawNode.Scalar(Boolean.FALSE, p.getText(), line);
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return number(p, line);
            default:
                return new RawNode.Scalar(p.getText(), p.getText(), line);
        }
    }

    /** @param path dotted path of this mapping, for messages about duplicate keys */
    private RawNode mapping(JsonParser p, int line, String path) throws IOException {
        List<RawNode.Entry> entries = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            int keyLine = line(p);
            p.nextToken();
            String keyPath = path.isEmpty() ? key : path + "." + key;
            RawNode value = node(p, keyPath);
            Integer firstLine = seen.putIfAbsent(key, keyLine);
            if (firstLine != null) {
                problems.add(source + ":" + keyLine,
                        "duplicate key " + keyPath + " (first given on line " + firstLine + ")");
            } else {
                entries.add(new RawNode.Entry(key, keyLine, value));
            }
        }
        return new RawNode.Mapping(entries, line);
    }

    /** Numbers Java cannot represent (e.g. {@code .inf}) stay text and fail type checks by name. */
    private static RawNode number(JsonParser p, int line) throws IOException {
        String text = p.getText();
        try {
            return new RawNode.Scalar(p.getNumberValue(), text, line);
        } catch (JsonProcessingException | NumberFormatException e) {
            return new RawNode.Scalar(text, text, line);
        }
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }

    /**
     * SnakeYAML messages look like "while parsing X\n in 'reader', line 1, column 4:\n  ...\nexpected
     * Y\n in 'reader', line 2, column 2:\n  ...". Keep the unindented sentences and the last mark.
     */
    private static ConfigException malformed(String source, JsonProcessingException e) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        List<String> sentences = new ArrayList<>();
        for (String l : original.split("\n")) {
            if (!l.isBlank() && !Character.isWhitespace(l.charAt(0))) {
                sentences.add(l.trim());
            }
        }
        int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        Matcher m = MARK.matcher(original);
        while (m.find()) {
            line = Integer.parseInt(m.group(1));
        }
        String where = line > 0 ? source + ":" + line : source;
        String what = sentences.isEmpty() ? "cannot parse" : String.join(": ", sentences);
        return new ConfigException(where + ": malformed YAML: " + what);
    }
}
