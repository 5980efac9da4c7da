package org.vlbert.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Merges a YAML tree and then {@code --set} overrides into one task's defaults, following the
 * original {@code update_config}: every key must exist in the task's schema (at every level, not
 * only the three the original checks), and a pretraining {@code DATASET} list replaces the default
 * dataset with entries completed from the default dataset template. Unlike the original, values
 * are type-checked, and all problems are collected instead of stopping at the first.
 */
final class ConfigResolver {
    private static final String DATASET = "DATASET";

    private final ConfigSchema schema;
    private final Problems problems;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, Object> datasetTemplate = new LinkedHashMap<>();
    private List<Map<String, Object>> datasets = new ArrayList<>();
    private boolean datasetList;
    /** Keys given explicitly (display path, e.g. {@code DATASET[1].SEQ_LEN}) → location. */
    private final Map<String, String> explicit = new LinkedHashMap<>();

    ConfigResolver(ConfigSchema schema, Problems problems) {
        this.schema = schema;
        this.problems = problems;
        for (KeyDef key : schema.keys()) {
            if (key.section().equals(DATASET)) {
                datasetTemplate.put(key.name(), key.defaultFor(schema.task()));
            } else {
                values.put(key.path(), key.defaultFor(schema.task()));
            }
        }
        datasets.add(new LinkedHashMap<>(datasetTemplate));
    }

    void applyFile(RawNode root, Origin origin) {
        if (!(root instanceof RawNode.Mapping mapping)) {
            problems.add(origin.at(root.line()), "the top level must be a mapping of config keys, got "
                    + root.describe());
            return;
        }
        for (RawNode.Entry entry : mapping.entries()) {
            apply("", entry, origin);
        }
    }

    void applyOverride(ConfigOverride override) {
        Origin origin = override.origin();
        String location = origin.at(0);
        String path = override.path();
        if (override.datasetIndex() >= 0) {
            applyIndexedDataset(override, origin);
        } else if (path.equals(DATASET)) {
            applyDataset(override.value(), origin, 0);
        } else if (path.startsWith(DATASET + ".") && datasetList) {
            problems.add(location, "DATASET is a list of " + datasets.size() + " datasets in this config; set one "
                    + "entry's key, e.g. DATASET[0]." + path.substring(DATASET.length() + 1));
        } else if (path.startsWith(DATASET + ".") && path.indexOf('.', DATASET.length() + 1) < 0) {
            applyDatasetField(0, DATASET + ".", new RawNode.Entry(path.substring(DATASET.length() + 1), 0,
                    override.value()), origin);
        } else {
            applyPath(path, override.value(), location, origin);
        }
    }

    private void applyIndexedDataset(ConfigOverride override, Origin origin) {
        String location = origin.at(0);
        int index = override.datasetIndex();
        if (!datasetList) {
            problems.add(location, "DATASET is a single mapping in this config, not a list; write DATASET."
                    + (override.path().equals(DATASET) ? "KEY" : override.path().substring(DATASET.length() + 1)));
            return;
        }
        if (index >= datasets.size()) {
            problems.add(location, "DATASET has " + datasets.size() + " entries, there is no DATASET[" + index + "]");
            return;
        }
        String prefix = DATASET + "[" + index + "].";
        if (override.path().equals(DATASET)) {
            applyDatasetEntry(index, override.value(), origin);
        } else {
            String name = override.path().substring(DATASET.length() + 1);
            applyDatasetField(index, prefix, new RawNode.Entry(name, 0, override.value()), origin);
        }
    }

    private void apply(String section, RawNode.Entry entry, Origin origin) {
        String path = section.isEmpty() ? entry.key() : section + "." + entry.key();
        String location = origin.at(entry.line());
        if (entry.key().contains(".")) {
            problems.add(location, "key '" + entry.key() + "' contains a dot; write " + path
                    + " as nested keys, like the original configs");
            return;
        }
        if (path.equals(DATASET)) {
            applyDataset(entry.value(), origin, entry.line());
        } else {
            applyPath(path, entry.value(), location, origin);
        }
    }

    private void applyPath(String path, RawNode node, String location, Origin origin) {
        if (schema.isSection(path)) {
            if (isNull(node)) {
                return; // an empty section ("TEST:") changes nothing
            }
            if (!(node instanceof RawNode.Mapping mapping)) {
                problems.add(location, path + " must be a mapping of keys, got " + node.describe());
                return;
            }
            for (RawNode.Entry child : mapping.entries()) {
                apply(path, child, origin);
            }
        } else if (schema.key(path).isPresent()) {
            Object value = parse(schema.key(path).get(), path, node, location);
            if (value != null) {
                values.put(path, value);
                explicit.put(path, location);
            }
        } else {
            unknownKey(path, location);
        }
    }

    private void applyDataset(RawNode node, Origin origin, int line) {
        String location = origin.at(line);
        if (isNull(node)) {
            return;
        }
        if (node instanceof RawNode.Mapping mapping) {
            if (datasetList) {
                problems.add(location, "DATASET is a list of " + datasets.size()
                        + " datasets in this config; set one entry, e.g. DATASET[0]");
                return;
            }
            for (RawNode.Entry field : mapping.entries()) {
                applyDatasetField(0, DATASET + ".", field, origin);
            }
        } else if (node instanceof RawNode.Sequence seq && schema.allowsDatasetList()) {
            if (seq.items().isEmpty()) {
                problems.add(location, "DATASET must list at least one dataset");
                return;
            }
            datasetList = true;
            datasets = new ArrayList<>();
            explicit.keySet().removeIf(k -> k.startsWith(DATASET));
            for (int i = 0; i < seq.items().size(); i++) {
                datasets.add(new LinkedHashMap<>(datasetTemplate));
                applyDatasetEntry(i, seq.items().get(i), origin);
            }
        } else {
            String expected = schema.allowsDatasetList()
                    ? "a mapping of dataset keys or a list of such mappings"
                    : "a mapping of dataset keys (only pretrain configs may list several datasets)";
            problems.add(location, "DATASET must be " + expected + ", got " + node.describe());
        }
    }

    private void applyDatasetEntry(int index, RawNode node, Origin origin) {
        if (isNull(node)) {
            return;
        }
        if (!(node instanceof RawNode.Mapping mapping)) {
            problems.add(origin.at(node.line()), "DATASET[" + index + "] must be a mapping of dataset keys, got "
                    + node.describe());
            return;
        }
        for (RawNode.Entry field : mapping.entries()) {
            applyDatasetField(index, DATASET + "[" + index + "].", field, origin);
        }
    }

    private void applyDatasetField(int index, String displayPrefix, RawNode.Entry field, Origin origin) {
        String location = origin.at(field.line());
        String display = displayPrefix + field.key();
        KeyDef key = schema.key(DATASET + "." + field.key()).orElse(null);
        if (key == null) {
            unknownKey(display, location);
            return;
        }
        Object value = parse(key, display, field.value(), location);
        if (value != null) {
            datasets.get(index).put(key.name(), value);
            explicit.put(display, location);
        }
    }

    /** The parsed value, or null after reporting a problem. */
    private Object parse(KeyDef key, String display, RawNode node, String location) {
        try {
            return key.type().parse(node);
        } catch (BadValue e) {
            problems.add(location, e.message(display));
            return null;
        }
    }

    private void unknownKey(String path, String location) {
        String schemaPath = path.replaceFirst("^DATASET\\[\\d+]", DATASET);
        Set<Task> others = schema.otherTasksWith(schemaPath);
        String elsewhere = others.isEmpty() ? "" : " for task " + schema.task() + " (only the "
                + others.stream().map(Task::id).collect(Collectors.joining("/")) + " config has it)";
        problems.add(location, "unknown key " + path + elsewhere + " — did you mean "
                + schema.closestKey(schemaPath) + "?");
    }

    private static boolean isNull(RawNode node) {
        return node instanceof RawNode.Scalar s && s.value() == null;
    }

    /** The merged config; call after all sources are applied and only if there were no problems. */
    VlbertConfig result(String source, String name) {
        return new VlbertConfig(schema.task(), source, name, values, datasets, datasetList, List.of());
    }

    /** Locations of explicitly given keys, keyed by display path ({@code DATASET[1].SEQ_LEN}). */
    Map<String, String> explicitKeys() {
        return explicit;
    }
}
