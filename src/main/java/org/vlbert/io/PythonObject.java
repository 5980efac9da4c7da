package org.vlbert.io;

import java.util.Arrays;

/**
 * A Python object of a class this reader does not model (e.g. a numpy scalar in an optimizer
 * state): its qualified class name, constructor arguments and pickled state, kept for inspection.
 */
public final class PythonObject {
    private final String className;
    private final Object[] args;
    private Object state;

    PythonObject(String className, Object[] args) {
        this.className = className;
        this.args = args.clone();
    }

    public String className() {
        return className;
    }

    public Object[] args() {
        return args.clone();
    }

    /** The object given to BUILD ({@code __setstate__}), or null. */
    public Object state() {
        return state;
    }

    void setState(Object state) {
        this.state = state;
    }

    @Override
    public String toString() {
        return className + Arrays.deepToString(args);
    }
}
