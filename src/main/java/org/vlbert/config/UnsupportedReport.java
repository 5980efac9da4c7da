package org.vlbert.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the unsupported features a config asks for. A feature is requested when one of its keys
 * has the value that turns it on (e.g. {@code NETWORK.IMAGE_FEAT_PRECOMPUTED=false}); its warning
 * names those keys and every other key of the feature that the file or an override sets, so each
 * unsupported key is reported exactly once and never silently dropped.
 */
final class UnsupportedReport {
    private UnsupportedReport() {}

    static List<String> warnings(VlbertConfig config, Map<String, String> explicit) {
        Map<Feature, List<KeyDef>> byFeature = new LinkedHashMap<>();
        for (KeyDef key : ConfigSchema.of(config.task()).keys()) {
            if (key.status() == KeyStatus.NOT_YET_SUPPORTED) {
                byFeature.computeIfAbsent(key.feature(), f -> new ArrayList<>()).add(key);
            }
        }
        List<String> warnings = new ArrayList<>();
        for (Map.Entry<Feature, List<KeyDef>> feature : byFeature.entrySet()) {
            List<String> requests = new ArrayList<>();
            List<String> alsoIgnored = new ArrayList<>();
            String location = null;
            for (KeyDef key : feature.getValue()) {
                for (Occurrence o : occurrences(config, key)) {
                    if (key.requestsFeature(o.value)) {
                        requests.add(o.path + "=" + display(key, o.value)
                                + (explicit.containsKey(o.path) ? "" : " (the " + config.task() + " default)"));
                        if (location == null) {
                            location = explicit.getOrDefault(o.path, config.source());
                        }
                    } else if (explicit.containsKey(o.path)) {
                        alsoIgnored.add(o.path);
                    }
                }
            }
            if (!requests.isEmpty()) {
                warnings.add(location + ": " + String.join(" and ", requests)
                        + (requests.size() == 1 ? " is" : " are") + " not supported yet ("
                        + feature.getKey().description() + "); accepted but without effect"
                        + (alsoIgnored.isEmpty() ? "" : ", as are " + String.join(", ", alsoIgnored)));
            }
        }
        return warnings;
    }

    private record Occurrence(String path, Object value) {
    }

    /** A key's value, or for dataset keys of a dataset list the value in every entry. */
    private static List<Occurrence> occurrences(VlbertConfig config, KeyDef key) {
        if (!key.section().equals("DATASET")) {
            return List.of(new Occurrence(key.path(), config.get(key.path())));
        }
        if (!config.hasDatasetList()) {
            return List.of(new Occurrence(key.path(), config.datasetValue(0, key.name())));
        }
        List<Occurrence> out = new ArrayList<>();
        for (int i = 0; i < config.datasetCount(); i++) {
            out.add(new Occurrence("DATASET[" + i + "]." + key.name(), config.datasetValue(i, key.name())));
        }
        return out;
    }

    private static String display(KeyDef key, Object value) {
        Object yaml = key.type().toYaml(value);
        return yaml instanceof String s ? "'" + s + "'" : String.valueOf(yaml);
    }
}
