package org.vlbert.config;

/**
 * Where a value came from: a config file (problems then carry the line number of the offending
 * key) or a {@code --set KEY=VALUE} override (named as written; its value has no useful lines).
 */
record Origin(String source, boolean hasLines) {

    static Origin file(String source) {
        return new Origin(source, true);
    }

    static Origin override(String text) {
        return new Origin("--set " + text, false);
    }

    /** The location prefix of a message about something on {@code line}. */
    String at(int line) {
        return hasLines && line > 0 ? source + ":" + line : source;
    }
}
