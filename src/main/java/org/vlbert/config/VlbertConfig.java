package org.vlbert.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A fully resolved, validated and immutable config: the task's defaults merged with a YAML file
 * and {@code --set} overrides. Read it through the typed views ({@link #train()}, {@link #vlbert()},
 * ...) or by dotted path ({@link #getInt(String)}, ...). Keys that the config's task does not
 * define read as the default of the task that does. Load with {@link ConfigLoader}.
 *
 * <p>Equality covers the task and every value, not where the config came from or its warnings.
 */
public final class VlbertConfig {
    private final Task task;
    private final String source;
    private final String name;
    private final Map<String, Object> values;
    private final List<Map<String, Object>> datasets;
    private final boolean datasetList;
    private final List<String> warnings;

    VlbertConfig(Task task, String source, String name, Map<String, Object> values,
                 List<Map<String, Object>> datasets, boolean datasetList, List<String> warnings) {
        this.task = task;
        this.source = source;
        this.name = name;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        List<Map<String, Object>> copies = new ArrayList<>();
        for (Map<String, Object> d : datasets) {
            copies.add(Collections.unmodifiableMap(new LinkedHashMap<>(d)));
        }
        this.datasets = List.copyOf(copies);
        this.datasetList = datasetList;
        this.warnings = List.copyOf(warnings);
    }

    VlbertConfig withWarnings(List<String> newWarnings) {
        return new VlbertConfig(task, source, name, values, datasets, datasetList, newWarnings);
    }

    public Task task() {
        return task;
    }

    /** The file (as given) or description the config was read from. */
    public String source() {
        return source;
    }

    /** The config name: the file name without extension, as the original uses for output folders. */
    public String name() {
        return name;
    }

    /**
     * One line per requested but unsupported feature, each naming its keys and starting with its
     * location, e.g. {@code cfgs/x.yaml:12: NETWORK.BLIND=true is not supported yet ...}. Print them
     * once, prefixed with {@code warning: }.
     */
    public List<String> warnings() {
        return warnings;
    }

    /** Whether {@code DATASET} is a list of datasets (multi-task pretraining). */
    public boolean hasDatasetList() {
        return datasetList;
    }

    public GeneralConfig general() {
        return GeneralConfig.of(this);
    }

    /** The only dataset, or the first (master) dataset of a list. */
    public DatasetConfig dataset() {
        return DatasetConfig.of(datasets.get(0));
    }

    public List<DatasetConfig> datasets() {
        return datasets.stream().map(DatasetConfig::of).toList();
    }

    public NetworkConfig network() {
        return NetworkConfig.of(this);
    }

    public VlbertCoreConfig vlbert() {
        return VlbertCoreConfig.of(this);
    }

    public TrainConfig train() {
        return TrainConfig.of(this);
    }

    public LoaderConfig val() {
        return LoaderConfig.of(this, "VAL");
    }

    public LoaderConfig test() {
        return LoaderConfig.of(this, "TEST");
    }

    /**
     * The value of a dotted key ({@code DATASET.*} reads the first dataset): Integer, Double,
     * Boolean, String, a List of those, or one of {@link LossScale}, {@link LossLogger}, {@link LrMult}.
     *
     * @throws IllegalArgumentException if no task has this key
     */
    public Object get(String path) {
        Object v = path.startsWith("DATASET.") ? datasets.get(0).get(path.substring("DATASET.".length()))
                : values.get(path);
        return v != null ? v : SchemaTable.fallbackDefault(path);
    }

    public int getInt(String path) {
        return (Integer) get(path);
    }

    public double getDouble(String path) {
        return (Double) get(path);
    }

    public boolean getBool(String path) {
        return (Boolean) get(path);
    }

    public String getString(String path) {
        return (String) get(path);
    }

    public <T> List<T> getList(String path, Class<T> elementType) {
        List<T> out = new ArrayList<>();
        for (Object o : (List<?>) get(path)) {
            out.add(elementType.cast(o));
        }
        return List.copyOf(out);
    }

    int datasetCount() {
        return datasets.size();
    }

    /** The raw value of key {@code name} (e.g. {@code ZIP_MODE}) of dataset {@code index}. */
    Object datasetValue(int index, String name) {
        Object v = datasets.get(index).get(name);
        return v != null ? v : SchemaTable.fallbackDefault("DATASET." + name);
    }

    /** A {@code BATCH_IMAGES} value as a list (one entry unless it is a per-dataset list). */
    List<Integer> getIntOrIntList(String path) {
        Object v = get(path);
        return v instanceof Integer i ? List.of(i) : getList(path, Integer.class);
    }

    /** The fully resolved config as YAML, with the original's key names and nesting. */
    public String toYaml() {
        return YamlWriter.write(toYamlTree());
    }

    /**
     * SHA-256 (hex) of the task and the canonical dump: equal configs have equal hashes, whatever
     * file layout, comments or overrides produced them. Recorded in graph metadata.
     */
    public String hash() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest(("task: " + task.id() + "\n" + toYaml()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private Map<String, Object> toYamlTree() {
        Map<String, Object> root = new LinkedHashMap<>();
        for (KeyDef key : ConfigSchema.of(task).keys()) {
            if (key.section().equals("DATASET")) {
                root.computeIfAbsent("DATASET", k -> datasetTree());
                continue;
            }
            Map<String, Object> section = root;
            if (!key.section().isEmpty()) {
                for (String part : key.section().split("\\.")) {
                    section = childMap(section, part);
                }
            }
            section.put(key.name(), key.type().toYaml(values.get(key.path())));
        }
        return root;
    }

    private Object datasetTree() {
        ConfigSchema schema = ConfigSchema.of(task);
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Map<String, Object> dataset : datasets) {
            Map<String, Object> entry = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : dataset.entrySet()) {
                KeyDef key = schema.key("DATASET." + e.getKey()).orElseThrow();
                entry.put(e.getKey(), key.type().toYaml(e.getValue()));
            }
            entries.add(entry);
        }
        return datasetList ? entries : entries.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> childMap(Map<String, Object> parent, String name) {
        return (Map<String, Object>) parent.computeIfAbsent(name, k -> new LinkedHashMap<String, Object>());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VlbertConfig other && task == other.task && datasetList == other.datasetList
                && values.equals(other.values) && datasets.equals(other.datasets);
    }

    @Override
    public int hashCode() {
        return Objects.hash(task, values, datasets, datasetList);
    }

    @Override
    public String toString() {
        return "VlbertConfig[" + task + ", " + source + "]";
    }
}
