package org.vlbert.graphs.model.vlbert;

import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.ParamInit;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.model.Dropout;
import org.vlbert.graphs.model.Modules;

/**
 * The task heads {@code final_mlp} of the reference ({@code NETWORK.CLASSIFIER_TYPE}) under the
 * caller's scope: {@code 1fc} = Dropout → Linear; {@code 2fc} = Dropout → Linear → ReLU → Dropout
 * → Linear; {@code mlm} = BertPredictionHeadTransform (dense, GELU, LayerNorm) → Dropout → Linear.
 * Linear weights Xavier-uniform, biases 0 (model.md §7.3–7.4).
 */
final class ClassifierHead {
    private ClassifierHead() {}

    static Value build(GraphBuilder b, Dropout dropout, Value x, VqaModel.Classifier type, long inSize,
                       long hiddenSize, long outSize, float p) {
        ParamInit xavier = ParamInit.xavierUniform(1.0);
        switch (type) {
            case MLM -> {
                Value t;
                try (var s = b.scope("0")) {
                    t = b.gelu(Modules.linear(b, "dense", x, inSize, inSize, xavier, ParamInit.zeros()));
                    t = Modules.layerNorm(b, "LayerNorm", t, inSize, VlBertDims.LN_EPS, 1.0);
                }
                t = dropout.apply(b, b.qualified("1"), t, p);
                return Modules.linear(b, "2", t, inSize, outSize, xavier, ParamInit.zeros());
            }
            case ONE_FC -> {
                Value t = dropout.apply(b, b.qualified("0"), x, p);
                return Modules.linear(b, "1", t, inSize, outSize, xavier, ParamInit.zeros());
            }
            case TWO_FC -> {
                Value t = dropout.apply(b, b.qualified("0"), x, p);
                t = b.relu(Modules.linear(b, "1", t, inSize, hiddenSize, xavier, ParamInit.zeros()));
                t = dropout.apply(b, b.qualified("3"), t, p);
                return Modules.linear(b, "4", t, hiddenSize, outSize, xavier, ParamInit.zeros());
            }
            default -> throw new IllegalStateException("unknown classifier " + type);
        }
    }
}
