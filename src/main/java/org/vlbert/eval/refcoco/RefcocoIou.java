package org.vlbert.eval.refcoco;

/**
 * The IoU of the reference RefCOCO+ test ({@code refcoco/function/test.py::cacluate_iou}),
 * boxes {@code [x1, y1, x2, y2]} in pixels with the inclusive "+1" convention:
 * {@code inter = max(0, min(x2) - max(x1) + 1) * max(0, min(y2) - max(y1) + 1)},
 * {@code area = (x2 - x1 + 1) * (y2 - y1 + 1)}, {@code iou = inter / (areaA + areaB - inter)},
 * in double precision like numpy.
 */
public final class RefcocoIou {
    /** A sentence counts as correct when its predicted box has IoU ≥ this (the test script's rule). */
    public static final double THRESHOLD = 0.5;

    private RefcocoIou() {}

    public static double iou(double[] a, double[] b) {
        double w = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]) + 1);
        double h = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]) + 1);
        double inter = w * h;
        double areaA = (a[2] - a[0] + 1) * (a[3] - a[1] + 1);
        double areaB = (b[2] - b[0] + 1) * (b[3] - b[1] + 1);
        return inter / (areaA + areaB - inter);
    }

    /** The test script's rule: IoU ≥ 0.5 (inclusive; the training-time RefAcc uses > 0.5 on resized boxes). */
    public static boolean correct(double iou) {
        return iou >= THRESHOLD;
    }
}
