package org.vlbert.config;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * One key of the original config: dotted path, type, per-task default (tasks whose config.py
 * lacks the key have none), support status and a one-line meaning. A NOT_YET_SUPPORTED key
 * belongs to a {@link Feature}; if it has an {@code unsupportedValue}, that value requests the
 * feature, otherwise the key only configures the feature and is reported with it.
 */
record KeyDef(String path, ValueType type, Map<Task, Object> defaults, KeyStatus status, String doc,
              Feature feature, Object unsupportedValue) {

    KeyDef {
        defaults = new EnumMap<>(defaults);
    }

    Set<Task> tasks() {
        return defaults.isEmpty() ? EnumSet.noneOf(Task.class) : EnumSet.copyOf(defaults.keySet());
    }

    boolean appliesTo(Task task) {
        return defaults.containsKey(task);
    }

    Object defaultFor(Task task) {
        Object d = defaults.get(task);
        if (d == null) {
            throw new IllegalArgumentException(path + " is not a " + task + " key");
        }
        return d;
    }

    /** The key name within its section, e.g. {@code LR} for {@code TRAIN.LR}. */
    String name() {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    /** The enclosing section, e.g. {@code NETWORK.VLBERT}; empty for top-level keys. */
    String section() {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }

    boolean requestsFeature(Object value) {
        return unsupportedValue != null && unsupportedValue.equals(value);
    }
}
