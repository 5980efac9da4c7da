package org.vlbert.graphs.model.visual;

import java.util.List;
import java.util.Map;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.VisionOps;
import org.vlbert.graphs.ir.Dim;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * The end-to-end (pixel) path of the reference {@code FastRCNN} up to the 2048-d region
 * features (model.md §6.4): ResNet backbone to layer3, legacy RoIAlign 14×14 at 1/16 with one
 * sample per bin, the RoI head, the optional VCR instance-mask multiply, and the average pool.
 * Only real boxes are pooled (the reference's {@code nonzero(box_mask)}), so padding slots cost
 * no RoI-head compute; their features are 0.
 */
public final class PixelRegionFeatures {
    /** Symbolic count of real boxes in a batch. */
    public static final String NUM_ROIS = "num_rois";

    private PixelRegionFeatures() {}

    /**
     * Region features [B, N, 2048] of boxes [B, N, 4] (x1, y1, x2, y2 in resized-image pixels)
     * for images [B, 3, H, W] (normalised BGR), zero where {@code boxMask} [B, N] is false.
     * {@code masks} [B, N, 14, 14] (VCR instance masks) or null.
     */
    public static Value apply(GraphBuilder b, ResNetSpec spec, Value image, Value boxes, Value boxMask, Value masks) {
        Dim batch = boxes.shape().get(0);
        Dim slots = boxes.shape().get(1);
        Dim flatSlots = batch.times(slots);
        Value real = b.reshape(boxMask, Shape.of(flatSlots), b.longs(-1));                       // [B*N] bool
        Dim k = Dim.sym(NUM_ROIS);
        Value nz = b.op("NonZero", List.of(real), Map.of(), DType.INT64, Shape.of(Dim.of(1), k));
        Value flatIdx = b.squeeze(nz, 0);                                                          // [K] = b*N + n
        Value perImage = b.shapeOf(boxes, 1, 2);
        Value roiBatch = b.div(flatIdx, perImage);
        Value coords = b.reshape(b.slice(boxes, 2, 0, 4), Shape.of(flatSlots, Dim.of(4)), b.longs(-1, 4));
        Value rois = b.gather(coords, flatIdx, 0);                                                // [K, 4]
        Value roiMasks = null;
        if (masks != null) {
            long s = ResNetSpec.POOLED_SIZE;
            Value flatMasks = b.reshape(masks, Shape.of(flatSlots, Dim.of(s), Dim.of(s)), b.longs(-1, s, s));
            roiMasks = b.gather(flatMasks, flatIdx, 0);                                           // [K, 14, 14]
        }
        Value perRoi = roiFeatures(b, spec, image, rois, roiBatch, roiMasks);                     // [K, 2048]
        return scatterToSlots(b, perRoi, real, boxes.shape().sub(0, 2), b.shapeOf(boxes, 0, 2), spec.regionFeatureDim());
    }

    /**
     * Features [K, 2048] of RoIs [K, 4] (resized-image pixels) on the images {@code roiBatch} [K]
     * (int64) of {@code image} [B, 3, H, W]; {@code roiMasks} [K, 14, 14] or null.
     */
    public static Value roiFeatures(GraphBuilder b, ResNetSpec spec, Value image, Value rois, Value roiBatch,
                                    Value roiMasks) {
        Value features = ResNetBackbone.apply(b, spec, image);
        long s = ResNetSpec.POOLED_SIZE;
        Value pooled = VisionOps.roiAlign(b, features, rois, roiBatch, s, s, 1f / ResNetSpec.FEATURE_STRIDE, 1,
                VisionOps.RoiCoordinates.LEGACY);
        Value maps = RoiHead.maps(b, spec, pooled);
        if (roiMasks != null) {
            if (!spec.c5Dilated()) {
                throw new IllegalArgumentException("instance masks are 14x14 and need the dilated RoI head"
                        + " (NETWORK.IMAGE_C5_DILATED=true)");
            }
            maps = b.mul(maps, b.unsqueeze(b.cast(roiMasks, DType.FLOAT), 1));
        }
        return RoiHead.averagePool(b, spec, maps);
    }

    /**
     * Back to box slots: slot j of the flattened [B*N] grid takes row rank(j) of {@code perRoi}
     * when it is real, else an appended zero row. A Gather, so the gradient flows to the RoIs.
     */
    private static Value scatterToSlots(GraphBuilder b, Value perRoi, Value real, Shape slotShape, Value slotShapeValue,
                                        long dim) {
        Value realInt = b.cast(real, DType.INT64);
        Value rank = b.sub(b.cumsum(realInt, 0), b.longScalar(1));
        Value count = b.shapeOf(perRoi, 0, 1);
        Value slotRow = b.where(real, rank, b.squeeze(count, 0));
        Value zeroRow = b.constant("zero_region_feature", HostTensor.allocate(DType.FLOAT, 1, dim));
        Value table = b.concat(0, perRoi, zeroRow);
        Value flat = b.gather(table, slotRow, 0);                                                 // [B*N, dim]
        return b.reshape(flat, slotShape.concat(Shape.of(Dim.of(dim))), b.concat(0, slotShapeValue, b.longs(dim)));
    }
}
