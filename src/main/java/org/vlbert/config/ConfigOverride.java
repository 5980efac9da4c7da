package org.vlbert.config;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code --set KEY=VALUE} override. KEY is a dotted path ({@code TRAIN.LR},
 * {@code NETWORK.VLBERT.num_hidden_layers}); entries of a pretraining dataset list are addressed
 * as {@code DATASET[1].SEQ_LEN} or {@code DATASET.1.SEQ_LEN}. VALUE is read as a YAML scalar or
 * flow collection ({@code 1e-4}, {@code true}, {@code [600, 1000]}); anything else, or an empty
 * VALUE, is taken as a literal string.
 *
 * @param datasetIndex index into a dataset list, or -1
 */
record ConfigOverride(String text, String path, int datasetIndex, RawNode value) {
    private static final Pattern KEY = Pattern.compile(
            "([A-Za-z_][A-Za-z0-9_]*)(?:\\[(\\d+)])?((?:\\.[A-Za-z0-9_]+)*)");

    Origin origin() {
        return Origin.override(text);
    }

    static ConfigOverride parse(String text) {
        int eq = text.indexOf('=');
        if (eq < 0) {
            throw new ConfigException("--set " + text + ": expected KEY=VALUE, e.g. --set TRAIN.LR=1e-4");
        }
        String key = text.substring(0, eq).trim();
        Matcher m = KEY.matcher(key);
        if (!m.matches()) {
            throw new ConfigException("--set " + text + ": '" + key
                    + "' is not a dotted key path like TRAIN.LR or NETWORK.VLBERT.hidden_size");
        }
        String path = m.group(1) + m.group(3);
        int index = m.group(2) == null ? -1 : Integer.parseInt(m.group(2));
        String[] segments = path.split("\\.");
        if (index < 0 && segments.length > 1 && segments[0].equals("DATASET") && segments[1].matches("\\d+")) {
            index = Integer.parseInt(segments[1]);
            path = "DATASET" + path.substring("DATASET.".length() + segments[1].length());
        }
        if (index >= 0 && !segments[0].equals("DATASET")) {
            throw new ConfigException("--set " + text + ": only DATASET can be indexed (a pretraining dataset list)");
        }
        return new ConfigOverride(text, path, index, value(text.substring(eq + 1), text));
    }

    private static RawNode value(String valueText, String text) {
        String trimmed = valueText.trim();
        RawNode literal = new RawNode.Scalar(valueText, valueText, 0);
        if (trimmed.isEmpty()) {
            return literal;
        }
        boolean flow = trimmed.startsWith("[") || trimmed.startsWith("{");
        RawNode parsed;
        try {
            parsed = YamlReader.read(valueText, "--set " + text, new Problems());
        } catch (ConfigException e) {
            if (flow) {
                String reason = e.getMessage().substring(e.getMessage().indexOf("malformed YAML"));
                throw new ConfigException("--set " + text + ": " + reason);
            }
            return literal;
        }
        if (flow) {
            return parsed;
        }
        if (parsed instanceof RawNode.Scalar s
                && (s.value() != null || List.of("null", "Null", "NULL", "~").contains(trimmed))) {
            return s;
        }
        return literal;
    }
}
