package org.vlbert.eval.refcoco;

/**
 * One RefCOCO+ test sentence: its ref id, the predicted box {@code [x1, y1, x2, y2]} in original
 * pixels (the model's {@code pred_boxes}, float32), and the referred ground-truth box
 * {@code [x, y, x + w, y + h]} (null when unknown).
 */
public record RefcocoPrediction(long refId, float[] box, double[] referredBox) {
    public double iou() {
        double[] p = {box[0], box[1], box[2], box[3]};
        return RefcocoIou.iou(p, referredBox);
    }
}
