package org.vlbert.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Renders the key schema for people: a plain-text table per task and the Markdown table of docs/config.md. */
public final class KeyTable {
    private KeyTable() {}

    /** One line per key of {@code task}: path, type, default, status, meaning. */
    public static String text(Task task) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"KEY", "TYPE", "DEFAULT", "STATUS", "MEANING"});
        for (KeyDef key : ConfigSchema.of(task).keys()) {
            rows.add(new String[] {key.path(), key.type().name(), display(key, key.defaultFor(task)),
                    statusName(key.status()), key.doc()});
        }
        int[] widths = new int[4];
        for (String[] row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < widths.length; i++) {
                out.append(row[i]).append(" ".repeat(widths[i] - row[i].length() + 2));
            }
            out.append(row[4]).append('\n');
        }
        return out.toString();
    }

    /** All keys of all tasks, with per-task defaults ("–" = the task's config.py lacks the key). */
    public static String markdown() {
        Map<String, List<KeyDef>> byPath = new LinkedHashMap<>();
        for (KeyDef key : SchemaTable.KEYS) {
            byPath.computeIfAbsent(key.path(), p -> new ArrayList<>()).add(key);
        }
        StringBuilder out = new StringBuilder("| key | type | pretrain | vqa | vcr | refcoco | status | meaning |\n");
        out.append("|---|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, List<KeyDef>> e : byPath.entrySet()) {
            List<KeyDef> defs = e.getValue();
            Set<String> types = new LinkedHashSet<>();
            Set<String> docs = new LinkedHashSet<>();
            defs.forEach(d -> {
                types.add(d.type().name());
                docs.add(d.doc());
            });
            out.append("| `").append(e.getKey()).append("` | ").append(cell(String.join(" / ", types)));
            for (Task task : Task.values()) {
                String dflt = defs.stream().filter(d -> d.appliesTo(task)).findFirst()
                        .map(d -> "`" + display(d, d.defaultFor(task)) + "`").orElse("–");
                out.append(" | ").append(cell(dflt));
            }
            out.append(" | ").append(status(defs)).append(" | ").append(cell(String.join("; ", docs))).append(" |\n");
        }
        return out.toString();
    }

    /** One status, or each status with its tasks when they differ per task. */
    private static String status(List<KeyDef> defs) {
        Map<KeyStatus, Set<Task>> tasksByStatus = new LinkedHashMap<>();
        for (KeyDef d : defs) {
            tasksByStatus.computeIfAbsent(d.status(), s -> new TreeSet<>()).addAll(d.tasks());
        }
        if (tasksByStatus.size() == 1) {
            return statusName(tasksByStatus.keySet().iterator().next());
        }
        return tasksByStatus.entrySet().stream().map(e -> statusName(e.getKey()) + " ("
                + e.getValue().stream().map(Task::id).collect(Collectors.joining(", ")) + ")")
                .collect(Collectors.joining(", "));
    }

    private static String statusName(KeyStatus status) {
        return status.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String display(KeyDef key, Object value) {
        return scalar(key.type().toYaml(value));
    }

    private static String scalar(Object yaml) {
        if (yaml instanceof List<?> list) {
            return list.stream().map(KeyTable::scalar).collect(Collectors.joining(", ", "[", "]"));
        }
        return YamlWriter.scalar(yaml);
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
