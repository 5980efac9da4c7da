package org.vlbert.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The four task families of the original code. Each has its own {@code config.py} with its own
 * key set and defaults, so a config is always read against one task's schema.
 */
public enum Task {
    PRETRAIN("pretrain"),
    VQA("vqa"),
    VCR("vcr"),
    REFCOCO("refcoco");

    private final String id;

    Task(String id) {
        this.id = id;
    }

    /** The lower-case name used on the command line and as the {@code cfgs/<task>/} folder. */
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }

    public static Optional<Task> find(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.id.equals(n)).findFirst();
    }

    /** Parses a task name; the error lists the valid names. */
    public static Task parse(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown task '" + name + "', expected one of " + idList()));
    }

    public static String idList() {
        return Arrays.stream(values()).map(Task::id).collect(Collectors.joining(", "));
    }
}
