package org.vlbert.data.refcoco;

/**
 * The reference's box IoU ({@code bbox_iou_py_vectorized}) with the "+1" pixel convention:
 * widths are {@code x2 - x1 + 1}, intersections {@code max(0, min(x2) - max(x1) + 1)}.
 */
public final class BoxIou {
    private BoxIou() {}

    public static float iou(float[] a, int ai, float[] b, int bi) {
        float iw = Math.max(0f, Math.min(a[ai + 2], b[bi + 2]) - Math.max(a[ai], b[bi]) + 1f);
        float ih = Math.max(0f, Math.min(a[ai + 3], b[bi + 3]) - Math.max(a[ai + 1], b[bi + 1]) + 1f);
        float inter = iw * ih;
        float areaA = (a[ai + 2] - a[ai] + 1f) * (a[ai + 3] - a[ai + 1] + 1f);
        float areaB = (b[bi + 2] - b[bi] + 1f) * (b[bi + 3] - b[bi + 1] + 1f);
        return inter / (areaA + areaB - inter);
    }
}
