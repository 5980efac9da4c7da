package org.vlbert.graphs.model.vlbert;

import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.ParamInit;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.model.Dropout;

/**
 * VCR's {@code cnn_loss_reg} head (tasks.md §2.1, auxiliary head): MVRC-style transform
 * {@code 0.dense} Linear(H, H) + GELU (no LayerNorm), Dropout ({@code 1}), Linear(H, 81)
 * ({@code 2}), trained with cross-entropy of every real object's final hidden state against its
 * box class. Its parameters precede the VL-BERT core in the reference state dict, but it runs
 * after the core, so creation ({@link #create}) and application ({@link #loss}) are separate.
 */
final class ObjectClassHead {
    /** The COCO class table size (index 0 = background). */
    static final long NUM_CLASSES = 81;
    /** Labels of padded objects; the loss ignores them. */
    static final long IGNORE = -100;

    private final String scope;
    private final Value denseW;
    private final Value denseB;
    private final Value clsW;
    private final Value clsB;

    private ObjectClassHead(String scope, Value denseW, Value denseB, Value clsW, Value clsB) {
        this.scope = scope;
        this.denseW = denseW;
        this.denseB = denseB;
        this.clsW = clsW;
        this.clsB = clsB;
    }

    /** Creates the parameters under {@code scope}; init N(0, std) weights, zero biases (BERT init). */
    static ObjectClassHead create(GraphBuilder b, String scope, long hidden, double std) {
        try (var s = b.scope(scope)) {
            Value dw;
            Value db;
            try (var t = b.scope("0"); var d = b.scope("dense")) {
                dw = b.param("weight", ParamInit.normal(std), hidden, hidden);
                db = b.param("bias", ParamInit.zeros(), hidden);
            }
            Value cw;
            Value cb;
            try (var c = b.scope("2")) {
                cw = b.param("weight", ParamInit.normal(std), NUM_CLASSES, hidden);
                cb = b.param("bias", ParamInit.zeros(), NUM_CLASSES);
            }
            return new ObjectClassHead(scope, dw, db, cw, cb);
        }
    }

    /**
     * Mean cross-entropy over the real objects.
     *
     * @param objectStates [B', No, H] object outputs of the core (zeros for padded objects)
     * @param classes      [B', No] int64 box classes
     * @param objectMask   [B', No] bool, true for real objects
     */
    Value loss(GraphBuilder b, Dropout dropout, float dropoutP, Value objectStates, Value classes, Value objectMask) {
        Value logits;
        try (var s = b.scope(scope)) {
            Value t = b.gelu(b.linear(objectStates, denseW, denseB));
            t = dropout.apply(b, b.qualified("1"), t, dropoutP);
            logits = b.linear(t, clsW, clsB);                                        // [B', No, 81]
        }
        Value labels = b.where(objectMask, classes, b.longScalar(IGNORE));
        return b.softmaxCrossEntropy(b.transpose(logits, 0, 2, 1), labels, IGNORE);
    }

}
