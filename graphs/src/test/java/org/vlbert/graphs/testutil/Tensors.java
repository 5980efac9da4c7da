package org.vlbert.graphs.testutil;

import java.nio.ByteBuffer;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;

/** Small constructors for non-float test tensors. */
public final class Tensors {
    private Tensors() {}

    public static HostTensor bools(long[] shape, boolean... values) {
        HostTensor t = HostTensor.allocate(DType.BOOL, shape);
        if (values.length != t.numel()) {
            throw new IllegalArgumentException(values.length + " values for " + t);
        }
        ByteBuffer buf = t.buffer();
        for (int i = 0; i < values.length; i++) {
            buf.put(i, (byte) (values[i] ? 1 : 0));
        }
        return t;
    }

    public static HostTensor longs(long[] shape, long... values) {
        return HostTensor.ofLongs(shape, values);
    }

    public static long[] shape(long... dims) {
        return dims;
    }
}
