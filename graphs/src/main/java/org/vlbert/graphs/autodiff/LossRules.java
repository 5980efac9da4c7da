package org.vlbert.graphs.autodiff;

import java.util.Arrays;
import java.util.List;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Node;
import org.vlbert.graphs.ir.Value;

/** Gradient of SoftmaxCrossEntropyLoss (mean or sum reduction, with ignore_index). */
final class LossRules {
    private LossRules() {}

    static void registerAll(VjpRegistry r) {
        r.register("SoftmaxCrossEntropyLoss", LossRules::softmaxCrossEntropy);
    }

    /**
     * d loss / d logits = (softmax - onehot(label)) * valid / count, with classes on axis 1 and
     * count the number of non-ignored targets (mean) or 1 (sum).
     */
    private static List<Value> softmaxCrossEntropy(GradContext c, Node n, List<Value> g) {
        if (g.size() > 1 && g.get(1) != null) {
            throw new UnsupportedOperationException("gradient through the log_prob output of " + n.name()
                    + " is not supported");
        }
        if (n.input(2) != null) {
            throw new UnsupportedOperationException("SoftmaxCrossEntropyLoss class weights have no gradient rule");
        }
        String reduction = n.attrString("reduction", "mean");
        if (reduction.equals("none")) {
            throw new UnsupportedOperationException("SoftmaxCrossEntropyLoss reduction=none has no gradient rule");
        }
        GraphBuilder b = c.b();
        Value logits = n.input(0);
        Value labels = n.input(1);
        long ignore = n.attrLong("ignore_index", Long.MIN_VALUE);
        long classes = logits.shape().get(1).size();
        Value prob = b.exp(n.output(1));
        Value valid;
        Value safeLabels;
        if (ignore != Long.MIN_VALUE) {
            Value ign = b.cast(b.longScalar(ignore), labels.dtype());
            valid = b.not(b.equal(labels, ign));
            safeLabels = b.where(valid, labels, b.cast(b.longScalar(0), labels.dtype()));
        } else {
            valid = null;
            safeLabels = labels;
        }
        Value onehot = b.oneHot(safeLabels, classes, 1, logits.dtype());
        Value diff = b.sub(prob, onehot);
        Value scale = g.get(0);
        if (valid != null) {
            Value validF = b.cast(valid, logits.dtype());
            diff = b.mul(diff, b.unsqueeze(validF, 1));
            if (reduction.equals("mean")) {
                scale = b.div(scale, b.sumAll(validF));
            }
        } else if (reduction.equals("mean")) {
            scale = b.div(scale, b.cast(b.size(labels), logits.dtype()));
        }
        return Arrays.asList(b.mul(diff, scale), null, null);
    }
}
