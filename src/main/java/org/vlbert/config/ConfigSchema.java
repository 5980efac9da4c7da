package org.vlbert.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The keys one task's {@code config.py} defines, like the original, which validates a yaml
 * against the defaults of the task whose train script reads it.
 */
final class ConfigSchema {
    private static final Map<Task, ConfigSchema> BY_TASK = new EnumMap<>(Task.class);

    static {
        for (Task task : Task.values()) {
            BY_TASK.put(task, new ConfigSchema(task));
        }
    }

    private final Task task;
    private final Map<String, KeyDef> keys = new LinkedHashMap<>();

    private ConfigSchema(Task task) {
        this.task = task;
        for (KeyDef key : SchemaTable.KEYS) {
            if (key.appliesTo(task)) {
                keys.put(key.path(), key);
            }
        }
    }

    static ConfigSchema of(Task task) {
        return BY_TASK.get(task);
    }

    Task task() {
        return task;
    }

    /** Leaf keys in dump order. */
    List<KeyDef> keys() {
        return List.copyOf(keys.values());
    }

    Optional<KeyDef> key(String path) {
        return Optional.ofNullable(keys.get(path));
    }

    boolean isSection(String path) {
        return SchemaTable.SECTIONS.contains(path);
    }

    /** Whether {@code DATASET} may be a list of dataset mappings (multi-task pretraining). */
    boolean allowsDatasetList() {
        return task == Task.PRETRAIN;
    }

    /** The tasks (other than this one) whose config.py has {@code path}. */
    Set<Task> otherTasksWith(String path) {
        Set<Task> tasks = EnumSet.noneOf(Task.class);
        for (KeyDef key : SchemaTable.KEYS) {
            if (key.path().equals(path)) {
                tasks.addAll(key.tasks());
            }
        }
        tasks.remove(task);
        return tasks;
    }

    /** The valid key or section whose path is closest to {@code unknownPath}. */
    String closestKey(String unknownPath) {
        List<String> candidates = new ArrayList<>(SchemaTable.SECTIONS);
        candidates.addAll(keys.keySet());
        return Suggestions.closest(unknownPath, candidates).orElseThrow();
    }

    /** Every leaf path of this task (for the key table and tests). */
    Set<String> paths() {
        return Collections.unmodifiableSet(keys.keySet());
    }
}
