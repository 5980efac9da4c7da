package org.vlbert.eval.refcoco;

import java.nio.file.Path;
import java.util.List;
import org.vlbert.eval.PythonText;
import org.vlbert.eval.ResultFiles;

/**
 * The RefCOCO+ test outputs (evaluation.md §4.2): the reference's per-sentence file
 * {@code <name>_refcoco+_<split>.json}, {@code json.dump} of {@code [{"ref_id": int, "box": [x1,
 * y1, x2, y2]}]} in dataset order (box values are the float32 predictions as Python floats, e.g.
 * {@code 12.300000190734863}), the accuracy {@code mean(IoU >= 0.5)} over sentences printed as
 * {@code Accuracy: <100*acc>.}, and our summary {@code <name>_refcoco+_<split>_accuracy.json}
 * with the counts and each sentence's IoU.
 */
public final class RefcocoResults {
    private RefcocoResults() {}

    /** The accuracy over sentences with the number correct and the total. */
    public record Accuracy(String split, int correct, int total, double[] ious) {
        public double value() {
            return total == 0 ? Double.NaN : correct * 1.0 / total;
        }

        /** The reference's line: {@code Accuracy: 61.5.} (Python {@code str} of the unrounded percentage). */
        public String line() {
            return "Accuracy: " + PythonText.repr(value() * 100.0) + ".";
        }
    }

    public static String fileName(String resultName, String split) {
        return resultName + "_refcoco+_" + split + ".json";
    }

    public static String accuracyFileName(String resultName, String split) {
        return resultName + "_refcoco+_" + split + "_accuracy.json";
    }

    /** The reference JSON's exact text. */
    public static String toJson(List<RefcocoPrediction> predictions) {
        StringBuilder out = new StringBuilder(predictions.size() * 80 + 2).append('[');
        for (int i = 0; i < predictions.size(); i++) {
            RefcocoPrediction p = predictions.get(i);
            if (i > 0) {
                out.append(", ");
            }
            out.append("{\"ref_id\": ").append(p.refId()).append(", \"box\": [");
            for (int k = 0; k < 4; k++) {
                out.append(k > 0 ? ", " : "").append(PythonText.repr(p.box()[k]));
            }
            out.append("]}");
        }
        return out.append(']').toString();
    }

    /** IoU ≥ 0.5 of each prediction with its referred box. */
    public static Accuracy accuracy(String split, List<RefcocoPrediction> predictions) {
        double[] ious = new double[predictions.size()];
        int correct = 0;
        for (int i = 0; i < ious.length; i++) {
            RefcocoPrediction p = predictions.get(i);
            if (p.referredBox() == null) {
                throw new IllegalArgumentException("ref " + p.refId() + " has no referred box to score against");
            }
            ious[i] = p.iou();
            correct += RefcocoIou.correct(ious[i]) ? 1 : 0;
        }
        return new Accuracy(split, correct, ious.length, ious);
    }

    /** The summary JSON text: split, accuracy, counts, threshold and per-sentence ref ids and IoUs. */
    public static String accuracyJson(Accuracy a, List<RefcocoPrediction> predictions) {
        StringBuilder out = new StringBuilder();
        out.append("{\"split\": ").append(PythonText.jsonString(a.split()))
                .append(", \"accuracy\": ").append(PythonText.repr(a.value()))
                .append(", \"correct\": ").append(a.correct())
                .append(", \"total\": ").append(a.total())
                .append(", \"iou_threshold\": ").append(PythonText.repr(RefcocoIou.THRESHOLD))
                .append(", \"sentences\": [");
        for (int i = 0; i < predictions.size(); i++) {
            out.append(i > 0 ? ", " : "").append("{\"ref_id\": ").append(predictions.get(i).refId())
                    .append(", \"iou\": ").append(PythonText.repr(a.ious()[i]))
                    .append(", \"correct\": ").append(RefcocoIou.correct(a.ious()[i])).append('}');
        }
        return out.append("]}\n").toString();
    }

    public static Path writePredictions(Path dir, String resultName, String split, List<RefcocoPrediction> p) {
        return ResultFiles.writeText(dir.resolve(fileName(resultName, split)), toJson(p));
    }

    public static Path writeAccuracy(Path dir, String resultName, Accuracy a, List<RefcocoPrediction> p) {
        return ResultFiles.writeText(dir.resolve(accuracyFileName(resultName, a.split())), accuracyJson(a, p));
    }
}
