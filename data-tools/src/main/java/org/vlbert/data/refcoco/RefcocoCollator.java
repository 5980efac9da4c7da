package org.vlbert.data.refcoco;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.vlbert.data.image.BoxGeometry;
import org.vlbert.data.image.ImageTransform;
import org.vlbert.data.image.PaddedImages;
import org.vlbert.data.image.PreparedImage;
import org.vlbert.data.image.RgbImage;
import org.vlbert.data.load.BatchContext;
import org.vlbert.data.load.BatchTensor;
import org.vlbert.data.load.Collator;
import org.vlbert.data.load.ElementType;
import org.vlbert.data.regions.Region;
import org.vlbert.data.regions.RegionRows;
import org.vlbert.data.vqa.ImageResize;
import org.vlbert.data.vqa.LeftRightSwap;

/**
 * The RefCOCO+ model inputs, as the reference {@code RefCOCO} dataset and collate produce them
 * (tasks.md §3.2–3.3), for the task graph {@code RefcocoModel}:
 * <ul>
 *   <li>{@code boxes} [B, N, 4+D] (precomputed features) or [B, N, 4] (pixel path): the whole
 *       image {@code [0, 0, w-1, h-1]} first, then the candidates; coordinates resized by SCALES,
 *       flipped when drawn, clamped; rows past a sample's boxes -2;</li>
 *   <li>pixel path: {@code image} [B, 3, H, W], zero-padded to the batch's largest image;</li>
 *   <li>{@code im_info} [B, 4]: resized width, height, x scale, y scale;</li>
 *   <li>{@code expression} [B, Le] int64 word-piece ids of the sentence's tokens, 0-padded, with
 *       "left" and "right" swapped on flipped samples;</li>
 *   <li>{@code label} [B, N] (with labels): 1 where the box's IoU with the referred box exceeds 0.5
 *       (+1 convention, both boxes resized, flipped and clamped alike), else 0; -1 padding.</li>
 * </ul>
 * The whole-image feature is the stored {@code image_box_feature} of the first part, else the mean
 * of all candidate features. Precomputed features are not flipped (they come from the original image).
 */
public final class RefcocoCollator implements Collator<RefcocoExample> {
    public static final String BOXES = "boxes";
    public static final String IMAGE = "image";
    public static final String IM_INFO = "im_info";
    public static final String EXPRESSION = "expression";
    public static final String LABEL = "label";
    private static final float BOX_PAD = -2f;
    private static final float LABEL_PAD = -1f;
    /** A box is a positive when its IoU with the referred box is strictly above this. */
    public static final float POSITIVE_IOU = 0.5f;

    /**
     * @param boxes           DATASET.*_BOXES
     * @param withLabels      training/validation (the referred box is known)
     * @param addImageAsABox  DATASET.ADD_IMAGE_AS_A_BOX
     * @param flipProbability TRAIN.FLIP_PROB for training, VAL/TEST.FLIP_PROB otherwise
     * @param resize          SCALES
     * @param leftId          word-piece id of "left" (-1 if none: then flips swap nothing)
     * @param rightId         word-piece id of "right" (-1 if none)
     */
    public record Settings(CandidateBoxes boxes, boolean withLabels, boolean addImageAsABox, double flipProbability,
                           ImageResize resize, int leftId, int rightId) {}

    private final Settings s;
    private final Function<RefcocoRef, RgbImage> images;
    private final ImageTransform transform;

    /** Precomputed region features (the examples carry them). */
    public RefcocoCollator(Settings settings) {
        this(settings, null, null);
    }

    /** The pixel path: {@code images} decodes a ref's image, {@code transform} resizes and normalises it. */
    public RefcocoCollator(Settings settings, Function<RefcocoRef, RgbImage> images, ImageTransform transform) {
        if ((images == null) != (transform == null)) {
            throw new IllegalArgumentException("the pixel path needs both an image source and a transform");
        }
        this.s = settings;
        this.images = images;
        this.transform = transform;
    }

    /** One expression after the reference's {@code __getitem__}. */
    private record Sample(float[] boxes, int numBoxes, float[] labels, int[] expression, float[] imInfo,
                          RefcocoExample source, PreparedImage image) {}

    @Override
    public Map<String, BatchTensor> collate(List<RefcocoExample> rows, BatchContext ctx) {
        List<Sample> samples = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            boolean flip = s.flipProbability() > 0 && ctx.random(i).nextDouble() < s.flipProbability();
            samples.add(prepare(rows.get(i), flip));
        }
        return tensors(samples, ctx);
    }

    private Sample prepare(RefcocoExample e, boolean flip) {
        RefcocoRef ref = e.ref();
        List<float[][]> parts = new ArrayList<>();
        int k = 0;
        for (String part : s.boxes().parts()) {
            float[][] p = CandidateBoxes.part(ref, part);
            parts.add(p);
            k += p.length;
        }
        if (e.features() != null) {
            for (int p = 0; p < parts.size(); p++) {
                Region r = e.features().get(p);
                if (r.numBoxes() != parts.get(p).length) {
                    throw new IllegalArgumentException("image " + ref.imageId() + ": " + r.numBoxes() + " region"
                            + " features for " + parts.get(p).length + " " + s.boxes().parts().get(p) + " boxes;"
                            + " extract the features for the RefCOCO+ candidate boxes");
                }
            }
        }
        int w0 = ref.imageWidth();
        int h0 = ref.imageHeight();
        PreparedImage image = images == null ? null : transform.apply(images.apply(ref), flip);
        BoxGeometry g = image != null ? image.geometry() : s.resize().geometry(w0, h0, flip);
        int first = s.addImageAsABox() ? 1 : 0;
        int n = k + first;
        float[] boxes = new float[n * 4];
        if (first == 1) {
            g.transform(0f, 0f, w0 - 1f, h0 - 1f, boxes, 0);
        }
        int at = first;
        for (float[][] p : parts) {
            for (float[] b : p) {
                g.transform(b[0], b[1], b[2], b[3], boxes, at++ * 4);
            }
        }
        float[] labels = null;
        if (s.withLabels()) {
            float[] gt = new float[4];
            float[] o = ref.gtBox();
            g.transform(o[0], o[1], o[2], o[3], gt, 0);
            labels = new float[n];
            for (int j = 0; j < n; j++) {
                labels[j] = BoxIou.iou(boxes, j * 4, gt, 0) > POSITIVE_IOU ? 1f : 0f;
            }
        }
        int[] ids = e.text().ids().clone();
        if (flip) {
            for (int t = 0; t < ids.length; t++) {
                ids[t] = LeftRightSwap.swap(ids[t], s.leftId(), s.rightId());
            }
        }
        float[] imInfo = {g.width(), g.height(), g.scaleX(), g.scaleY()};
        return new Sample(boxes, n, labels, ids, imInfo, e, image);
    }

    private Map<String, BatchTensor> tensors(List<Sample> samples, BatchContext ctx) {
        int b = samples.size();
        int n = 1;
        int le = 1;
        for (Sample x : samples) {
            n = Math.max(n, x.numBoxes());
            le = Math.max(le, x.expression().length);
        }
        boolean precomputed = images == null;
        int d = precomputed ? samples.get(0).source().features().get(0).featureDim() : 0;
        int width = 4 + d;
        Map<String, BatchTensor> out = new LinkedHashMap<>();
        if (!precomputed) {
            out.put(IMAGE, PaddedImages.write(samples.stream().map(Sample::image).toList(), ctx));
        }
        BatchTensor boxes = ctx.allocate(ElementType.FLOAT, b, n, width);
        ByteBuffer bd = boxes.data();
        for (int i = 0; i < b; i++) {
            Sample x = samples.get(i);
            long base = (long) i * n * width;
            for (int j = 0; j < x.numBoxes(); j++) {
                long row = base + (long) j * width;
                for (int c = 0; c < 4; c++) {
                    bd.putFloat((int) ((row + c) * 4), x.boxes()[j * 4 + c]);
                }
            }
            if (precomputed) {
                writeFeatures(x, bd, base, width, d);
            }
            RegionRows.fill(bd, base + (long) x.numBoxes() * width, (long) (n - x.numBoxes()) * width, BOX_PAD);
        }
        out.put(BOXES, boxes);
        BatchTensor imInfo = ctx.allocate(ElementType.FLOAT, b, 4);
        BatchTensor expression = ctx.allocate(ElementType.INT64, b, le);
        // BatchTensor.data() makes a new buffer view per call: take each view once
        ByteBuffer infoData = imInfo.data();
        ByteBuffer expressionData = expression.data();
        for (int i = 0; i < b; i++) {
            Sample x = samples.get(i);
            RegionRows.putFloats(x.imInfo(), infoData, i * 4L);
            for (int t = 0; t < le; t++) {
                expressionData.putLong((i * le + t) * 8, t < x.expression().length ? x.expression()[t] : 0);
            }
        }
        out.put(IM_INFO, imInfo);
        out.put(EXPRESSION, expression);
        if (s.withLabels()) {
            BatchTensor label = ctx.allocate(ElementType.FLOAT, b, n);
            ByteBuffer labelData = label.data();
            for (int i = 0; i < b; i++) {
                Sample x = samples.get(i);
                for (int j = 0; j < n; j++) {
                    labelData.putFloat((i * n + j) * 4, j < x.numBoxes() ? x.labels()[j] : LABEL_PAD);
                }
            }
            out.put(LABEL, label);
        }
        return out;
    }

    private void writeFeatures(Sample x, ByteBuffer dst, long base, int width, int d) {
        List<Region> parts = x.source().features();
        int row = 0;
        if (s.addImageAsABox()) {
            RegionRows.putFloats(imageFeature(parts, d), dst, base + 4);
            row = 1;
        }
        for (Region r : parts) {
            if (r.featureDim() != d) {
                throw new IllegalArgumentException("mixed feature widths in one batch");
            }
            for (int k = 0; k < r.numBoxes(); k++) {
                RegionRows.copyFeature(r, k, dst, base + (long) row++ * width + 4);
            }
        }
    }

    private static float[] imageFeature(List<Region> parts, int d) {
        if (parts.size() == 1 || parts.get(0).imageBoxFeature() != null) {
            return RegionRows.imageFeature(parts.get(0));
        }
        return RegionRows.meanFeature(parts, d);
    }
}
