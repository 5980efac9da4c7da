package org.vlbert.graphs.artifacts;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A graph input or output as described by an artifact.
 *
 * @param shape fixed sizes as Long, symbolic dims as String ("?" when unknown)
 * @param role  from {@code vlbert.inputs}/{@code vlbert.outputs} metadata (batch, param,
 *              dropout_mask / loss, output, grad), or "input"/"output" for foreign models
 */
public record TensorInfo(String name, String dtype, List<Object> shape, String role) {
    public TensorInfo {
        shape = List.copyOf(shape);
    }

    /** The shape as {@code [batch, seq_len, 768]}. */
    public String shapeString() {
        return shape.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
    }

    /** The element count when every dim is fixed, else -1. */
    public long fixedNumel() {
        long n = 1;
        for (Object d : shape) {
            if (!(d instanceof Long l)) {
                return -1;
            }
            n *= l;
        }
        return n;
    }
}
