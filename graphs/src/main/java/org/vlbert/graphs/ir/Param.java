package org.vlbert.graphs.ir;

import org.vlbert.graphs.tensor.HostTensor;

/** A named model parameter: its graph value, fixed shape, initialiser and whether it trains. */
public record Param(String name, Value value, long[] shape, ParamInit init, boolean trainable) {
    public long numel() {
        return HostTensor.numel(shape);
    }
}
