package org.vlbert.data.vcr;

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
import org.vlbert.data.image.ResizeRule;
import org.vlbert.data.image.RgbImage;
import org.vlbert.data.load.BatchContext;
import org.vlbert.data.load.BatchTensor;
import org.vlbert.data.load.Collator;
import org.vlbert.data.load.ElementType;
import org.vlbert.data.regions.Region;
import org.vlbert.data.regions.RegionRows;

/**
 * The VCR model inputs, as the reference {@code VCRDataset} and collate produce them (tasks.md
 * §2.2–2.3), for the task graph {@code VcrModel}:
 * <ul>
 *   <li>{@code boxes} [B, N, 6] float32: x1, y1, x2, y2 (resized by SCALES, flipped when drawn,
 *       clamped), detection score, COCO class index; the whole image {@code [0, 0, w-1, h-1, 1, 0]}
 *       first; rows past an item's boxes -1;</li>
 *   <li>precomputed features: {@code box_features} [B, N, D], the whole-image row the stored
 *       {@code image_box_feature} or the mean of the region features, padding rows 0;</li>
 *   <li>pixel path: {@code image} [B, 3, H, W] (normalised BGR, zero-padded to the reference's
 *       FixPadding size and then to the batch maximum) and {@code masks} [B, N, 14, 14] (instance
 *       masks, all ones for the whole image, flipped with the image, padding -1);</li>
 *   <li>{@code question} [B, Lq, 3] and {@code answer_choices} [B, 4, La, 3] int64 rows of
 *       (word-piece id, object tag, align id), padded with -2 — for QA→R the question followed by
 *       the correct answer, and the rationales as choices;</li>
 *       In QA→R test mode (no labels) {@code question} is [B, 4, Lq, 3]: the untruncated question
 *       followed by answer choice k, for k = 0..3;</li>
 *   <li>{@code answer_label} [B] int64 (the rationale label for QA→R), with labels only;</li>
 *   <li>{@code im_info} [B, 5]: resized width, height, x scale, y scale, dataset index.</li>
 * </ul>
 * Person objects are named with the reference's rolling counter ({@link PersonNameSchedule}).
 * VCR does not swap "left"/"right" on flips. Precomputed features come from the unflipped image.
 */
public final class VcrCollator implements Collator<VcrExample> {
    public static final String BOXES = "boxes";
    public static final String BOX_FEATURES = "box_features";
    public static final String IMAGE = "image";
    public static final String MASKS = "masks";
    public static final String QUESTION = "question";
    public static final String ANSWER_CHOICES = "answer_choices";
    public static final String ANSWER_LABEL = "answer_label";
    public static final String IM_INFO = "im_info";
    private static final int CHOICES = 4;
    private static final float BOX_PAD = -1f;
    private static final long TEXT_PAD = -2;

    /**
     * @param task             DATASET.TASK (Q2A or QA2R)
     * @param mode             labelled (training/validation), test file, or inference queries
     * @param addImageAsABox   DATASET.ADD_IMAGE_AS_A_BOX
     * @param onlyRelevantDets DATASET.ONLY_USE_RELEVANT_DETS
     * @param seqLen           the dataset's truncation length (64 in the reference)
     * @param flipProbability  TRAIN.FLIP_PROB for training, VAL/TEST.FLIP_PROB otherwise
     * @param minSize          SCALES[0]
     * @param maxSize          SCALES[1]
     * @param maskSize         DATASET.MASK_SIZE (pixel path)
     */
    public record Settings(VcrTask task, VcrText.Mode mode, boolean addImageAsABox, boolean onlyRelevantDets,
                           int seqLen, double flipProbability, int minSize, int maxSize, int maskSize) {}

    private final Settings s;
    private final Function<String, int[]> namePieces;
    private final VcrTagger tagger;
    private final PersonNameSchedule names;
    private final Function<String, RgbImage> images;
    private final ImageTransform transform;

    /** Precomputed region features (the examples carry their regions). */
    public VcrCollator(Settings settings, Function<String, int[]> namePieces, int andId, PersonNameSchedule names) {
        this(settings, namePieces, andId, names, null, null);
    }

    /**
     * @param images    img_fn → decoded RGB image, for the pixel path (null: precomputed features)
     * @param transform the image transform of the pixel path
     */
    public VcrCollator(Settings settings, Function<String, int[]> namePieces, int andId, PersonNameSchedule names,
                       Function<String, RgbImage> images, ImageTransform transform) {
        this.s = settings;
        this.namePieces = namePieces;
        this.tagger = new VcrTagger(andId, settings.addImageAsABox());
        this.names = names;
        this.images = images;
        this.transform = transform;
        if ((images == null) != (transform == null)) {
            throw new IllegalArgumentException("the pixel path needs both an image source and a transform");
        }
    }

    /** The person count that {@link PersonNameSchedule} needs for an item, honouring ONLY_USE_RELEVANT_DETS. */
    public static int persons(VcrItem item, Settings s) {
        VcrItem used = s.onlyRelevantDets() ? RelevantDetections.select(item, s.task() != VcrTask.Q2A).item() : item;
        return PersonNames.count(used.objects());
    }

    /** One item after the reference's {@code __getitem__}. */
    private record Sample(VcrText text, float[] boxes, int numBoxes, Region region, int[] kept, float[] imInfo,
                          PreparedImage image, float[] masks) {}

    @Override
    public Map<String, BatchTensor> collate(List<VcrExample> rows, BatchContext ctx) {
        int counter = names.start(ctx.position().epoch(), ctx.position().batch());
        List<Sample> samples = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            VcrItem item = rows.get(i).item();
            int[] kept = null;
            if (s.onlyRelevantDets()) {
                RelevantDetections.Selection sel = RelevantDetections.select(item, s.task() != VcrTask.Q2A);
                item = sel.item();
                kept = sel.kept();
            }
            if (names.restartsPerSample()) {
                counter = 0;
            }
            String[] assigned = PersonNames.assign(item.objects(), counter);
            counter += PersonNames.count(item.objects());
            int[][] pieces = new int[assigned.length][];
            for (int o = 0; o < assigned.length; o++) {
                pieces[o] = namePieces.apply(assigned[o]);
            }
            VcrText text = VcrText.build(item, pieces, tagger, s.task(), s.seqLen(), s.mode());
            boolean flip = s.flipProbability() > 0 && ctx.random(i).nextDouble() < s.flipProbability();
            int allObjects = rows.get(i).item().objects().size();
            samples.add(prepare(item, allObjects, rows.get(i).region(), kept, text, flip, ctx.sampleIndex(i)));
        }
        return tensors(samples, ctx);
    }

    /** @param allObjects the item's objects before ONLY_USE_RELEVANT_DETS (the region row covers all) */
    private Sample prepare(VcrItem item, int allObjects, Region region, int[] kept, VcrText text, boolean flip,
                           int index) {
        int k = item.objects().size();
        if (region != null && region.numBoxes() != allObjects) {
            throw new IllegalArgumentException(item.annotId() + ": image " + item.imgFn() + " has " + region.numBoxes()
                    + " region features but " + allObjects + " objects; extract the features for the VCR boxes");
        }
        RgbImage rgb = images == null ? null : images.apply(item.imgFn());
        int w0 = rgb != null ? rgb.width() : region.width();
        int h0 = rgb != null ? rgb.height() : region.height();
        PreparedImage image = rgb == null ? null : transform.apply(rgb, flip);
        BoxGeometry g = image != null
                ? image.geometry()
                : BoxGeometry.of(w0, h0, ResizeRule.scaledSize(w0, h0, s.minSize(), s.maxSize()), flip);
        int first = s.addImageAsABox() ? 1 : 0;
        int n = k + first;
        float[] boxes = new float[n * 6];
        if (first == 1) {
            g.transform(0f, 0f, w0 - 1f, h0 - 1f, boxes, 0);
            boxes[4] = 1f;
            boxes[5] = 0f;
        }
        for (int o = 0; o < k; o++) {
            float[] b = item.boxes()[o];
            int at = (o + first) * 6;
            g.transform(b[0], b[1], b[2], b[3], boxes, at);
            boxes[at + 4] = b[4];
            boxes[at + 5] = classIndex(item, o);
        }
        float[] masks = image == null ? null : masks(item, n, first, flip);
        float[] imInfo = {g.width(), g.height(), g.scaleX(), g.scaleY(), index};
        return new Sample(text, boxes, n, region, kept, imInfo, image, masks);
    }

    private static int classIndex(VcrItem item, int o) {
        int c = VcrNames.cocoClassId(item.objects().get(o));
        if (c < 0) {
            throw new IllegalArgumentException(item.annotId() + ": object '" + item.objects().get(o)
                    + "' is not one of the 81 COCO class names VCR uses");
        }
        return c;
    }

    private float[] masks(VcrItem item, int n, int first, boolean flip) {
        int m = s.maskSize();
        float[] out = new float[n * m * m];
        if (first == 1) {
            java.util.Arrays.fill(out, 0, m * m, 1f);
        }
        for (int o = 0; o < item.objects().size(); o++) {
            float[] mask = InstanceMasks.rasterise(item.segms()[o], item.boxes()[o], m);
            int base = (o + first) * m * m;
            for (int r = 0; r < m; r++) {
                for (int c = 0; c < m; c++) {
                    out[base + r * m + c] = mask[r * m + (flip ? m - 1 - c : c)];
                }
            }
        }
        return out;
    }

    private Map<String, BatchTensor> tensors(List<Sample> samples, BatchContext ctx) {
        int b = samples.size();
        int n = 1;
        int lq = 1;
        int la = 1;
        for (Sample x : samples) {
            n = Math.max(n, x.numBoxes());
            lq = Math.max(lq, x.text().question().length());
            for (TaggedTokens c : x.text().choices()) {
                la = Math.max(la, c.length());
            }
            if (x.text().choices().size() != CHOICES) {
                throw new IllegalArgumentException("a VCR item has " + x.text().choices().size() + " choices, not 4");
            }
        }
        Map<String, BatchTensor> out = new LinkedHashMap<>();
        BatchTensor boxes = ctx.allocate(ElementType.FLOAT, b, n, 6);
        ByteBuffer bd = boxes.data();
        for (int i = 0; i < b; i++) {
            Sample x = samples.get(i);
            long base = (long) i * n * 6;
            RegionRows.putFloats(x.boxes(), bd, base);
            RegionRows.fill(bd, base + x.boxes().length, (long) (n - x.numBoxes()) * 6, BOX_PAD);
        }
        out.put(BOXES, boxes);
        if (images == null) {
            out.put(BOX_FEATURES, features(samples, n, ctx));
        } else {
            out.put(IMAGE, image(samples, ctx));
            out.put(MASKS, masks(samples, n, ctx));
        }
        BatchTensor choices = ctx.allocate(ElementType.INT64, b, CHOICES, la, 3);
        ByteBuffer cd = choices.data();
        for (int i = 0; i < b; i++) {
            VcrText t = samples.get(i).text();
            for (int c = 0; c < CHOICES; c++) {
                writeTokens(t.choices().get(c), cd, ((long) i * CHOICES + c) * la * 3, la);
            }
        }
        out.put(QUESTION, samples.get(0).text().questionVariants() != null ? questionVariants(samples, ctx)
                : question(samples, lq, ctx));
        out.put(ANSWER_CHOICES, choices);
        if (s.mode() == VcrText.Mode.LABELLED) {
            BatchTensor label = ctx.allocate(ElementType.INT64, b);
            ByteBuffer labelData = label.data(); // a new view per data() call: take it once
            for (int i = 0; i < b; i++) {
                labelData.putLong(i * 8, samples.get(i).text().label());
            }
            out.put(ANSWER_LABEL, label);
        }
        BatchTensor imInfo = ctx.allocate(ElementType.FLOAT, b, 5);
        ByteBuffer infoData = imInfo.data();
        for (int i = 0; i < b; i++) {
            RegionRows.putFloats(samples.get(i).imInfo(), infoData, i * 5L);
        }
        out.put(IM_INFO, imInfo);
        return out;
    }

    /** {@code question} [B, Lq, 3]. */
    private static BatchTensor question(List<Sample> samples, int lq, BatchContext ctx) {
        BatchTensor question = ctx.allocate(ElementType.INT64, samples.size(), lq, 3);
        ByteBuffer dst = question.data();
        for (int i = 0; i < samples.size(); i++) {
            writeTokens(samples.get(i).text().question(), dst, (long) i * lq * 3, lq);
        }
        return question;
    }

    /** QA→R test mode: {@code question} [B, 4, Lq, 3], every variant padded to the longest in the batch. */
    private static BatchTensor questionVariants(List<Sample> samples, BatchContext ctx) {
        int lq = 1;
        for (Sample x : samples) {
            for (TaggedTokens v : x.text().questionVariants()) {
                lq = Math.max(lq, v.length());
            }
        }
        BatchTensor question = ctx.allocate(ElementType.INT64, samples.size(), CHOICES, lq, 3);
        ByteBuffer dst = question.data();
        for (int i = 0; i < samples.size(); i++) {
            List<TaggedTokens> variants = samples.get(i).text().questionVariants();
            for (int k = 0; k < CHOICES; k++) {
                writeTokens(variants.get(k), dst, ((long) i * CHOICES + k) * lq * 3, lq);
            }
        }
        return question;
    }

    private BatchTensor features(List<Sample> samples, int n, BatchContext ctx) {
        int d = samples.get(0).region().featureDim();
        BatchTensor t = ctx.allocate(ElementType.FLOAT, samples.size(), n, d);
        ByteBuffer dst = t.data();
        for (int i = 0; i < samples.size(); i++) {
            Sample x = samples.get(i);
            Region r = x.region();
            if (r.featureDim() != d) {
                throw new IllegalArgumentException("mixed feature widths in one batch");
            }
            long base = (long) i * n * d;
            int row = 0;
            if (s.addImageAsABox()) {
                RegionRows.putFloats(RegionRows.imageFeature(r), dst, base);
                row = 1;
            }
            int objects = x.numBoxes() - row;
            for (int o = 0; o < objects; o++) {
                RegionRows.copyFeature(r, x.kept() == null ? o : x.kept()[o], dst, base + (long) (row + o) * d);
            }
            RegionRows.fill(dst, base + (long) x.numBoxes() * d, (long) (n - x.numBoxes()) * d, 0f);
        }
        return t;
    }

    /** Each image zero-padded to the reference's FixPadding size, then the batch to its largest. */
    private BatchTensor image(List<Sample> samples, BatchContext ctx) {
        int h = 0;
        int w = 0;
        for (Sample x : samples) {
            PreparedImage img = x.image();
            boolean landscape = img.height() <= img.width();
            h = Math.max(h, Math.max(img.height(), landscape ? s.minSize() : s.maxSize()));
            w = Math.max(w, Math.max(img.width(), landscape ? s.maxSize() : s.minSize()));
        }
        return PaddedImages.write(samples.stream().map(Sample::image).toList(), h, w, ctx);
    }

    private BatchTensor masks(List<Sample> samples, int n, BatchContext ctx) {
        int m = s.maskSize();
        BatchTensor t = ctx.allocate(ElementType.FLOAT, samples.size(), n, m, m);
        ByteBuffer dst = t.data();
        for (int i = 0; i < samples.size(); i++) {
            Sample x = samples.get(i);
            long base = (long) i * n * m * m;
            RegionRows.putFloats(x.masks(), dst, base);
            RegionRows.fill(dst, base + x.masks().length, (long) (n - x.numBoxes()) * m * m, BOX_PAD);
        }
        return t;
    }

    private static void writeTokens(TaggedTokens t, ByteBuffer dst, long base, int length) {
        for (int k = 0; k < length; k++) {
            long at = (base + k * 3L) * 8;
            boolean real = k < t.length();
            dst.putLong((int) at, real ? t.id(k) : TEXT_PAD);
            dst.putLong((int) at + 8, real ? t.tag(k) : TEXT_PAD);
            dst.putLong((int) at + 16, real ? t.alignId(k) : TEXT_PAD);
        }
    }
}
