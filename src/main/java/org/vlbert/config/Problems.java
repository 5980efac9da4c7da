package org.vlbert.config;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem of one load so that the user sees all of them at once. */
final class Problems {
    private final List<String> messages = new ArrayList<>();

    void add(String location, String message) {
        messages.add(location + ": " + message);
    }

    /** Adds the already located messages of {@code e}. */
    void addAll(ConfigException e) {
        messages.addAll(e.problems());
    }

    boolean isEmpty() {
        return messages.isEmpty();
    }

    void throwIfAny() {
        if (!messages.isEmpty()) {
            throw new ConfigException(messages);
        }
    }
}
