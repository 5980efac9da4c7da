package org.vlbert.graphs.autodiff;

import static org.vlbert.graphs.testutil.GradCheck.random;

import org.junit.jupiter.api.Test;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.testutil.GradCheck;

class CoreVjpSmokeTest {
    @Test
    void linearLayerNormGeluSoftmax() {
        new GradCheck()
                .wrt("x", random(1, 1f, 2, 3, 4), Shape.of("batch", "seq", 4))
                .wrt("w", random(2, 0.5f, 5, 4))
                .wrt("bias", random(3, 0.5f, 5))
                .wrt("gamma", random(4, 1f, 5))
                .wrt("beta", random(5, 1f, 5))
                .check((b, in) -> {
                    var h = b.linear(in.get("x"), in.get("w"), in.get("bias"));
                    h = b.layerNorm(h, in.get("gamma"), in.get("beta"), 1e-12f);
                    h = b.gelu(h);
                    return b.softmax(h, -1);
                });
    }
}
