package org.vlbert.graphs.model.vlbert;

import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.ParamInit;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.model.Modules;

/**
 * The heads of {@code VisualLinguisticBertForPretraining} (model.md §2.6, §5.2, §5.3), recorded
 * under the caller's {@code vlbert} scope in state-dict order. None of them has dropout.
 */
final class PretrainHeads {
    private static final String MLM = "mlm_head.predictions.";
    private static final String MVRC = "mvrc_head.";

    private PretrainHeads() {}

    /**
     * {@code mlm_head.predictions}: LayerNorm(gelu(dense(h))) · Eᵀ + bias with E the word
     * embedding table (tied: the decoder reuses that parameter, it has none of its own). The bias
     * is registered before the transform, as in the reference state dict.
     */
    static Value mlm(GraphBuilder b, VlBertDims d, Value hidden, Value wordTable) {
        long hs = d.hiddenSize();
        Value bias = b.param(MLM + "bias", ParamInit.zeros(), d.vocabSize());
        Value t = b.gelu(Modules.bertLinear(b, MLM + "transform.dense", hidden, hs, hs, d.initializerRange()));
        t = Modules.layerNorm(b, MLM + "transform.LayerNorm", t, hs, VlBertDims.LN_EPS, 1.0);
        return b.linear(t, wordTable, bias);
    }

    /** {@code mvrc_head}: region_cls_pred(gelu(transform.dense(h))) — no LayerNorm. */
    static Value mvrc(GraphBuilder b, VlBertDims d, Value objects, long regionClasses) {
        long hs = d.hiddenSize();
        double std = d.initializerRange();
        Value z = b.gelu(Modules.bertLinear(b, MVRC + "transform.dense", objects, hs, hs, std));
        return Modules.bertLinear(b, MVRC + "region_cls_pred", z, hs, regionClasses, std);
    }

    /** {@code relationsip_head.caption_image_relationship} (sic) on the pooled output: [B, 2]. */
    static Value relationship(GraphBuilder b, VlBertDims d, Value pooled) {
        return Modules.bertLinear(b, "relationsip_head.caption_image_relationship", pooled, d.hiddenSize(), 2,
                d.initializerRange());
    }

    /**
     * The predicted class of each row: int64 arg-max of {@code logits} over the last axis, the
     * first maximum on ties (as the Java metrics and torch.argmax on CPU pick). Lets training read
     * [B, L] predictions instead of copying [B, L, V] logits to the host.
     */
    static Value predictions(GraphBuilder b, Value logits) {
        return b.argMax(logits, -1, false);
    }
}
