package org.vlbert.graphs.autodiff;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.graphs.testutil.GradCheck;
import org.vlbert.graphs.testutil.MiniTransformer;

/**
 * The rules composed: a finite-difference check of every trainable parameter of a 2-layer
 * mini transformer (embeddings, attention with padding mask, GELU FFN, dropout, MLM
 * cross-entropy with ignored labels, pooled BCE). Float32 through ORT: eps = 1e-2, atol = 1e-3,
 * rtol = 3e-2; 6 sampled elements per parameter.
 */
class MiniTransformerVjpTest {
    @Test
    void everyTrainableParameter() {
        GradCheck check = new GradCheck().tolerance(1e-2, 1e-3, 3e-2).maxElementsPerInput(6)
                .wrtParams(MiniTransformer::testValue);
        for (Map.Entry<String, HostTensor> e : MiniTransformer.testBatch().entrySet()) {
            HostTensor t = e.getValue();
            Shape declared = switch (e.getKey()) {
                case "dropout_mask" -> Shape.of("batch", "seq", t.dim(2));
                case "cls_target" -> Shape.of("batch", 1);
                default -> Shape.of("batch", "seq");
            };
            check.input(e.getKey(), t, declared);
        }
        check.check((b, in) -> MiniTransformer.build(b, in).loss());
    }
}
