package org.vlbert.graphs.model.vlbert;

import java.util.List;
import java.util.Map;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Dim;
import org.vlbert.graphs.ir.Value;

/**
 * Right-padding of one axis to a runtime length with a constant (ONNX Pad). Pad has no gradient
 * rule: use it for integer tensors and for outputs that are not on the loss path.
 */
final class AxisPadding {
    private AxisPadding() {}

    /**
     * {@code x} padded at the end of {@code axis} to {@code target} (1-element int64, at least the
     * current size) with {@code fill}; {@code known} is the symbolic size of the padded axis.
     */
    static Value rightPad(GraphBuilder b, Value x, int axis, Value target, Dim known, double fill) {
        int r = x.rank();
        int ax = x.shape().normAxis(axis);
        Value[] pads = new Value[2 * r];
        for (int i = 0; i < 2 * r; i++) {
            pads[i] = b.longs(0);
        }
        pads[r + ax] = b.sub(target, b.shapeOf(x, ax, ax + 1));
        Value value = x.dtype().isFloatingPoint() ? b.cast(b.scalar((float) fill), x.dtype())
                : b.cast(b.longScalar((long) fill), x.dtype());
        return b.op("Pad", List.of(x, b.concat(0, pads), value), Map.of(), x.dtype(), x.shape().with(ax, known));
    }
}
