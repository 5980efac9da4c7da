package org.vlbert.config;

import java.util.List;
import org.vlbert.cli.VlbertException;

/**
 * A config could not be loaded. Carries one message per problem, each starting with its location
 * ({@code file:line}, {@code file} or {@code --set KEY=VALUE}); the exception message joins them
 * with newlines.
 */
public final class ConfigException extends VlbertException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
