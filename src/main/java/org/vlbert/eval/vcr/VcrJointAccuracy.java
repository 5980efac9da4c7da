package org.vlbert.eval.vcr;

import java.util.ArrayList;
import java.util.List;
import org.vlbert.eval.PythonText;

/**
 * The VCR validation numbers of the reference {@code vcr/val.py} (evaluation.md §3.2): Q→A =
 * mean(argmax answer logits == answer_label), QA→R = mean(argmax rationale logits ==
 * rationale_label), where the QA→R model saw the ground-truth answer, and Q→AR = the fraction of
 * rows where both are right. Either side may be absent (null).
 */
public record VcrJointAccuracy(Double questionToAnswer, Double answerToRationale, Double joint) {

    /**
     * @param answerPredicted    arg-max answer per row (null without a Q→A model)
     * @param answerLabels       answer_label per row
     * @param rationalePredicted arg-max rationale per row (null without a QA→R model)
     * @param rationaleLabels    rationale_label per row
     */
    public static VcrJointAccuracy of(int[] answerPredicted, int[] answerLabels, int[] rationalePredicted,
                                      int[] rationaleLabels) {
        Double a = answerPredicted == null ? null : fraction(hits(answerPredicted, answerLabels, "Q->A"));
        Double r = rationalePredicted == null ? null : fraction(hits(rationalePredicted, rationaleLabels, "QA->R"));
        Double j = null;
        if (answerPredicted != null && rationalePredicted != null) {
            if (answerPredicted.length != rationalePredicted.length) {
                throw new IllegalArgumentException("Q->AR needs the same rows on both sides: " + answerPredicted.length
                        + " answer rows, " + rationalePredicted.length + " rationale rows");
            }
            boolean[] ha = hits(answerPredicted, answerLabels, "Q->A");
            boolean[] hr = hits(rationalePredicted, rationaleLabels, "QA->R");
            boolean[] both = new boolean[ha.length];
            for (int i = 0; i < both.length; i++) {
                both[i] = ha[i] && hr[i];
            }
            j = fraction(both);
        }
        return new VcrJointAccuracy(a, r, j);
    }

    /** The reference's printout: {@code Q->A\t72.3} etc. (percent, one decimal), for the parts present. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        if (questionToAnswer != null) {
            out.add("Q->A\t" + PythonText.fixed(questionToAnswer * 100.0, 1));
        }
        if (answerToRationale != null) {
            out.add("QA->R\t" + PythonText.fixed(answerToRationale * 100.0, 1));
        }
        if (joint != null) {
            out.add("Q->AR\t" + PythonText.fixed(joint * 100.0, 1));
        }
        return out;
    }

    private static boolean[] hits(int[] predicted, int[] labels, String what) {
        if (predicted.length != labels.length) {
            throw new IllegalArgumentException(what + ": " + predicted.length + " predictions for " + labels.length
                    + " labels");
        }
        boolean[] h = new boolean[predicted.length];
        for (int i = 0; i < h.length; i++) {
            h[i] = predicted[i] == labels[i];
        }
        return h;
    }

    private static double fraction(boolean[] hits) {
        int n = 0;
        for (boolean h : hits) {
            n += h ? 1 : 0;
        }
        return hits.length == 0 ? Double.NaN : n * 1.0 / hits.length;
    }
}
