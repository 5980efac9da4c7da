package org.vlbert.tasks;

import java.util.ArrayList;
import java.util.List;

/** The files and streams a task data plug-in opened, closed together in reverse order. */
public final class Resources implements AutoCloseable {
    private final List<AutoCloseable> open = new ArrayList<>();

    public <T extends AutoCloseable> T add(T resource) {
        open.add(resource);
        return resource;
    }

    @Override
    public void close() {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception e) {
                // closing mapped files and loader threads cannot lose data; keep closing the rest
            }
        }
        open.clear();
    }
}
