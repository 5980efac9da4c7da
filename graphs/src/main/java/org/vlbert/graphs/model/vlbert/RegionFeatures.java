package org.vlbert.graphs.model.vlbert;

import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Dim;
import org.vlbert.graphs.ir.ParamInit;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.model.Dropout;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * The precomputed-feature path of the reference {@code FastRCNN} module (model.md §6.2, §6.3,
 * §6.5), under scope {@code image_feature_extractor}: box geometry sine/cosine embedding
 * concatenated before the 2048-d region feature, then Dropout(0.1) → Linear(4096 → final_dim)
 * → ReLU, zeros for padded boxes.
 */
public final class RegionFeatures {
    /** Frequencies of the geometry embedding per coordinate. */
    public static final int GEOMETRY_DIM = 256;
    /** Width of a precomputed region feature. */
    public static final long FEATURE_DIM = 2048;
    /** Padding rows of the box tensor hold -2; a box is real iff its x1 > -1.5. */
    public static final float PAD_THRESHOLD = -1.5f;

    private RegionFeatures() {}

    /** The box mask [B, N] (bool) of a boxes tensor [B, N, 4(+2048)]. */
    public static Value boxMask(GraphBuilder b, Value boxes) {
        Value x1 = b.squeeze(b.slice(boxes, 2, 0, 1), 2);
        return b.greater(x1, b.scalar(PAD_THRESHOLD));
    }

    /**
     * Trims the box dimension to the largest real-box count of the batch (the reference's
     * {@code boxes[:, :max_len]}). Returns the trimmed tensor; its box dim is {@code num_objects}.
     */
    public static Value trimToRealBoxes(GraphBuilder b, Value boxes, Value boxMask) {
        return trimBoxes(b, boxes, realBoxCount(b, boxMask));
    }

    /** The largest real-box count of the batch, as a 1-element int64 tensor. */
    static Value realBoxCount(GraphBuilder b, Value boxMask) {
        return b.reduceMax(b.reduceSum(b.cast(boxMask, DType.INT64), false, 1), true, 0);
    }

    /** {@code x[:, :count]} along the box axis (1); the trimmed dim is {@code num_objects}. */
    static Value trimBoxes(GraphBuilder b, Value x, Value count) {
        return b.sliceDynamic(x, 1, b.longs(0), count, Dim.sym("num_objects"));
    }

    /**
     * obj_reps [B, N, finalDim] for precomputed boxes [B, N, 4+2048], im_info [B, >=2] (resized
     * width, height) and the box mask.
     */
    public static Value objReps(GraphBuilder b, Dropout dropout, Value boxes, Value imInfo, Value boxMask,
                                long finalDim) {
        return objReps(b, dropout, boxes, imInfo, boxMask, Downsample.create(b, finalDim));
    }

    /**
     * As {@link #objReps(GraphBuilder, Dropout, Value, Value, Value, long)} with obj_downsample
     * parameters created beforehand (wrappers whose state dict lists them before parameters that
     * the box features already need, e.g. the pretraining masked-region embedding).
     */
    public static Value objReps(GraphBuilder b, Dropout dropout, Value boxes, Value imInfo, Value boxMask,
                                Downsample downsample) {
        try (var s = b.scope("image_feature_extractor")) {
            Value coords = b.slice(boxes, 2, 0, 4);
            Value feats = b.slice(boxes, 2, 4, 4 + FEATURE_DIM);
            Value geometry = geometryEmbedding(b, coords, imInfo);                 // [B, N, 2048]
            Value x = b.concat(2, geometry, feats);                                // [B, N, 4096]
            Value out;
            try (var ds = b.scope("obj_downsample")) {
                x = dropout.apply(b, b.qualified("0"), x, 0.1f);
                out = b.relu(b.linear(x, downsample.weight(), downsample.bias()));
            }
            return b.mul(out, b.unsqueeze(b.cast(boxMask, DType.FLOAT), 2));
        }
    }

    /** The parameters of {@code image_feature_extractor.obj_downsample.1} (Linear 4096 → final_dim). */
    public record Downsample(Value weight, Value bias) {
        /** Creates the two parameters (PyTorch default Linear init) under their reference names. */
        public static Downsample create(GraphBuilder b, long finalDim) {
            long in = 2 * FEATURE_DIM;
            String prefix = "image_feature_extractor.obj_downsample.1.";
            return new Downsample(b.param(prefix + "weight", ParamInit.torchLinearWeight(), finalDim, in),
                    b.param(prefix + "bias", ParamInit.torchLinearBias(in), finalDim));
        }
    }

    /**
     * The reference {@code coordinate_embeddings}: p = [cx/W, cy/H, w/W, h/H]·100 and, per p_j,
     * 256 sines then 256 cosines of p_j / 1000^(i/256); flattened to [.., 2048].
     */
    public static Value geometryEmbedding(GraphBuilder b, Value coords, Value imInfo) {
        Value x1 = b.slice(coords, -1, 0, 1);
        Value y1 = b.slice(coords, -1, 1, 2);
        Value x2 = b.slice(coords, -1, 2, 3);
        Value y2 = b.slice(coords, -1, 3, 4);
        Value w = b.unsqueeze(b.slice(imInfo, 1, 0, 1), 1);                        // [B, 1, 1]
        Value h = b.unsqueeze(b.slice(imInfo, 1, 1, 2), 1);
        Value two = b.scalar(2f);
        Value cx = b.div(b.div(b.add(x1, x2), two), w);
        Value cy = b.div(b.div(b.add(y1, y2), two), h);
        Value bw = b.div(b.sub(x2, x1), w);
        Value bh = b.div(b.sub(y2, y1), h);
        Value p = b.mul(b.concat(-1, cx, cy, bw, bh), 100f);                      // [B, N, 4]
        Value arg = b.div(b.unsqueeze(p, -1), b.constant("geometry_wavelengths", wavelengths()));
        Value emb = b.concat(-1, b.sin(arg), b.cos(arg));                          // [B, N, 4, 512]
        Shape known = p.shape().with(-1, Dim.of(8L * GEOMETRY_DIM));
        return b.reshape(emb, known, b.concat(0, b.shapeOf(p, 0, -1), b.longs(8L * GEOMETRY_DIM)));
    }

    /** 1000^(i/256) for i = 0..255, computed in float32 like the reference. */
    static HostTensor wavelengths() {
        float[] v = new float[GEOMETRY_DIM];
        for (int i = 0; i < GEOMETRY_DIM; i++) {
            float exponent = (float) i / GEOMETRY_DIM;
            v[i] = (float) Math.pow(1000.0, exponent);
        }
        return HostTensor.ofFloats(new long[] {GEOMETRY_DIM}, v);
    }
}
