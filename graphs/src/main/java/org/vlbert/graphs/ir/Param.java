package org.vlbert.graphs.ir;

/** A named model parameter: its graph value, fixed shape, initialiser and whether it trains. */
public record Param(String name, Value value, long[] shape, ParamInit init, boolean trainable) {
    public long numel() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }
}
