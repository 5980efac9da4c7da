package org.vlbert.graphs.model;

import java.util.function.Supplier;
import org.vlbert.graphs.GraphBuilder;

/**
 * Runs a block inside a builder name scope. Same as {@code try (var s = b.scope(name)) {...}},
 * which -Xlint:try flags because the resource is never referenced in the body.
 */
public final class Scopes {
    private Scopes() {}

    public static <T> T in(GraphBuilder b, String name, Supplier<T> body) {
        GraphBuilder.Scope scope = b.scope(name);
        try {
            return body.get();
        } finally {
            scope.close();
        }
    }
}
