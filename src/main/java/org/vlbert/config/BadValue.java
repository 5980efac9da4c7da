package org.vlbert.config;

/**
 * Thrown by a {@link ValueType} for a value it cannot accept. The loader turns it into
 * {@code <KEY><suffix> must be <requirement>, got <got><hint>}.
 */
final class BadValue extends Exception {
    private static final long serialVersionUID = 1L;

    final String suffix;
    final String requirement;
    final String got;
    final String hint;

    BadValue(String requirement, RawNode node) {
        this("", requirement, node.describe(), "");
    }

    BadValue(String suffix, String requirement, String got, String hint) {
        super(requirement, null, false, false);
        this.suffix = suffix;
        this.requirement = requirement;
        this.got = got;
        this.hint = hint;
    }

    /** The same problem located inside a list element, e.g. {@code [2]}. */
    BadValue inElement(int index) {
        return new BadValue("[" + index + "]" + suffix, requirement, got, hint);
    }

    String message(String keyPath) {
        return keyPath + suffix + " " + requirement + ", got " + got + hint;
    }
}
