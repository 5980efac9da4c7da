package org.vlbert.graphs.testutil;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.vlbert.graphs.ir.Param;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;

/** Random ResNet parameters for tests of the pixel path. */
public final class VisualTestWeights {
    private VisualTestWeights() {}

    /** Random weights that keep activations O(1) through the residual stack; BN with non-trivial statistics. */
    public static Map<String, HostTensor> random(Iterable<Param> params, long seed) {
        Random rnd = new Random(seed);
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (Param p : params) {
            HostTensor t = HostTensor.allocate(DType.FLOAT, p.shape());
            var fb = t.floatView();
            String n = p.name();
            long fanIn = p.shape().length == 4 ? p.shape()[1] * p.shape()[2] * p.shape()[3] : 1;
            for (int i = 0; i < fb.capacity(); i++) {
                float u = rnd.nextFloat();
                float v;
                if (n.endsWith("running_var")) {
                    v = 0.5f + u;
                } else if (n.endsWith("running_mean") || n.endsWith(".bias")) {
                    v = 0.2f * (u - 0.5f);
                } else if (p.shape().length == 1) {
                    v = 0.5f + 0.5f * u;
                } else {
                    v = (float) ((u - 0.5f) * Math.sqrt(12.0 / fanIn));
                }
                fb.put(i, v);
            }
            out.put(n, t);
        }
        return out;
    }
}
