package org.vlbert.data.pretrain;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.vlbert.data.image.BoxGeometry;
import org.vlbert.data.image.ImageTransform;
import org.vlbert.data.image.PaddedImages;
import org.vlbert.data.image.PreparedImage;
import org.vlbert.data.image.RgbImage;
import org.vlbert.data.load.BatchContext;
import org.vlbert.data.load.BatchTensor;
import org.vlbert.data.load.Collator;
import org.vlbert.data.load.Dataset;
import org.vlbert.data.load.ElementType;
import org.vlbert.data.regions.Region;
import org.vlbert.data.regions.RegionRows;
import org.vlbert.data.text.TextRow;
import org.vlbert.data.vqa.ImageResize;

/**
 * The caption batch of pretraining (the caption half of a multitask batch), as the reference
 * {@code ConceptualCaptionsDataset} (precomputed features) and collate produce it (pretraining.md
 * §2.1, §2.6):
 * <ul>
 *   <li>{@code boxes} [B, N, 4+D]: regions sorted by their largest class score (descending), the
 *       whole image first with the mean of the region features — re-averaged over the regions
 *       that are not masked, divided by (real − masked + 1e-5), when MVRC is on — resized,
 *       flipped when drawn, clamped; padding -2;</li>
 *   <li>{@code im_info} [B, 5] (resized w, h, scales, dataset index);</li>
 *   <li>{@code text} [B, L]: [CLS] caption pieces after whole-word masking [SEP], 0-padded, and
 *       {@code mlm_labels} [B, L], -1 except at predicted pieces;</li>
 *   <li>{@code relationship_label} [B]: 1, or (relationship task on, with probability 1/2) 0 with
 *       the caption of another random sample;</li>
 *   <li>{@code mvrc_ops} [B, N] (1 = masked region) and {@code mvrc_labels} [B, N, C] (the class
 *       scores of predicted regions, zero rows elsewhere), with MVRC on;</li>
 * </ul>
 * then text and boxes are truncated together to {@code seqLen} (the reference's balancing loop;
 * the text keeps its [SEP]).
 *
 * <p>On pixels ({@link Pixels}, the e2e configs) the image is decoded and transformed (resize by
 * SCALES, the same flip draw, normalised BGR): {@code image} [B, 3, H, W] (zero-padded to the
 * batch's largest) comes first, {@code boxes} are [B, N, 4] coordinates only, boxes and
 * {@code im_info} follow the decoded image's size, and — with MASK_RAW_PIXELS — every masked
 * region is blanked in the image ({@link RawPixelMasking}) before truncation, as the reference
 * does.
 */
public final class CaptionCollator implements Collator<CaptionExample> {
    public static final String IMAGE = "image";
    public static final String BOXES = "boxes";
    public static final String IM_INFO = "im_info";
    public static final String TEXT = "text";
    public static final String RELATIONSHIP_LABEL = "relationship_label";
    public static final String MLM_LABELS = "mlm_labels";
    public static final String MVRC_OPS = "mvrc_ops";
    public static final String MVRC_LABELS = "mvrc_labels";
    private static final float BOX_PAD = -2f;

    /**
     * @param seqLen          DATASET.SEQ_LEN of the caption dataset (text incl. [CLS]/[SEP] + boxes)
     * @param addImageAsABox  DATASET.ADD_IMAGE_AS_A_BOX
     * @param flipProbability TRAIN.FLIP_PROB for training, VAL.FLIP_PROB otherwise
     * @param resize          SCALES
     * @param withRel         NETWORK.WITH_REL_LOSS
     * @param withMlm         NETWORK.WITH_MLM_LOSS
     * @param withMvrc        NETWORK.WITH_MVRC_LOSS
     * @param classes         NETWORK.VLBERT.visual_region_classes (width of the class scores)
     * @param clsId           id of [CLS]
     * @param sepId           id of [SEP]
     */
    public record Settings(int seqLen, boolean addImageAsABox, double flipProbability, ImageResize resize,
                           boolean withRel, boolean withMlm, boolean withMvrc, int classes, int clsId, int sepId) {}

    /**
     * The pixel path.
     *
     * @param images        image id → decoded RGB image
     * @param transform     SCALES and NETWORK.PIXEL_MEANS/STDS
     * @param maskRawPixels NETWORK.MASK_RAW_PIXELS: blank masked regions in the image
     */
    public record Pixels(Function<String, RgbImage> images, ImageTransform transform, boolean maskRawPixels) {}

    private final Settings s;
    private final WholeWordMasking masking;
    private final Dataset<TextRow> captions;
    private final RandomDraws.PerRow draws;
    private final Pixels pixels;

    /** @param captions every caption (for the relationship task's negatives; may be null when it is off) */
    public CaptionCollator(Settings settings, WholeWordMasking masking, Dataset<TextRow> captions) {
        this(settings, masking, captions, RandomDraws.PerRow.LOADER, null);
    }

    /** @param pixels the pixel path, or null for precomputed region features */
    public CaptionCollator(Settings settings, WholeWordMasking masking, Dataset<TextRow> captions, Pixels pixels) {
        this(settings, masking, captions, RandomDraws.PerRow.LOADER, pixels);
    }

    /** @param draws the random draws of each batch row (the loader's streams, or scripted ones in tests) */
    public CaptionCollator(Settings settings, WholeWordMasking masking, Dataset<TextRow> captions,
                           RandomDraws.PerRow draws) {
        this(settings, masking, captions, draws, null);
    }

    /** The general form: scripted draws and the pixel path (or null) together. */
    public CaptionCollator(Settings settings, WholeWordMasking masking, Dataset<TextRow> captions,
                           RandomDraws.PerRow draws, Pixels pixels) {
        if (settings.withRel() && captions == null) {
            throw new IllegalArgumentException("the relationship task needs the caption list");
        }
        this.s = settings;
        this.masking = masking;
        this.captions = captions;
        this.draws = draws;
        this.pixels = pixels;
    }

    /** One caption sample after the reference's {@code __getitem__}. */
    private record Sample(float[] boxes, float[] imageFeature, int[] order, int numBoxes, Region region,
                          float[] imInfo, MaskedText text, int relationship, int[] ops, int[] selected,
                          PreparedImage image) {}

    @Override
    public Map<String, BatchTensor> collate(List<CaptionExample> rows, BatchContext ctx) {
        List<Sample> samples = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            samples.add(prepare(rows.get(i), ctx.sampleIndex(i), draws.of(ctx, i)));
        }
        return tensors(samples, ctx);
    }

    private Sample prepare(CaptionExample e, int index, RandomDraws r) {
        Region region = e.region();
        int k = region.numBoxes();
        if (s.withMvrc() && region.classScores() == null) {
            throw new IllegalArgumentException("image " + region.imageId() + " has no class scores: masked region"
                    + " classification needs the detector's class_scores in the regions file");
        }
        if (region.classScores() != null && region.classScoreDim() != s.classes()) {
            throw new IllegalArgumentException("image " + region.imageId() + " has " + region.classScoreDim()
                    + " class scores per region, but NETWORK.VLBERT.visual_region_classes is " + s.classes());
        }
        int[] order = sortedByConfidence(region);
        RgbImage rgb = pixels == null ? null : pixels.images().apply(region.imageId());
        int w0 = rgb != null ? rgb.width() : region.width();
        int h0 = rgb != null ? rgb.height() : region.height();
        boolean flip = s.flipProbability() > 0 && r.nextDouble() < s.flipProbability();
        PreparedImage image = rgb == null ? null : pixels.transform().apply(rgb, flip);
        BoxGeometry g = image != null ? image.geometry() : s.resize().geometry(w0, h0, flip);
        int first = s.addImageAsABox() ? 1 : 0;
        int n = k + first;
        float[] boxes = new float[n * 4];
        if (first == 1) {
            g.transform(0f, 0f, w0 - 1f, h0 - 1f, boxes, 0);
        }
        for (int j = 0; j < k; j++) {
            int o = order[j];
            g.transform(region.box(o, 0), region.box(o, 1), region.box(o, 2), region.box(o, 3), boxes, (j + first) * 4);
        }

        // relationship: one draw even when the task is off, as the reference
        double p = r.nextDouble();
        TextRow caption = e.caption();
        int relationship = 1;
        if (s.withRel() && p >= 0.5) {
            relationship = 0;
            int other = r.nextInt(captions.size());
            while (other == index && captions.size() > 1) {
                other = r.nextInt(captions.size());
            }
            caption = captions.get(other);
        }
        MaskedText words = s.withMlm() ? masking.apply(caption.pieces(), r) : WholeWordMasking.none(caption.pieces());
        MaskedText text = withSpecialTokens(words);

        int[] selected = s.withMvrc() ? RegionMasking.draw(k, r) : new int[k];
        int[] ops = new int[n];
        for (int j = 0; j < k; j++) {
            ops[j + first] = selected[j] == 1 ? 1 : 0;
        }
        float[] imageFeature = first == 1 && image == null ? imageFeature(region, order, selected) : null;
        if (image != null && pixels.maskRawPixels()) {
            RawPixelMasking.apply(image, boxes, ops); // every box, before the truncation below
        }
        float[] imInfo = {g.width(), g.height(), g.scaleX(), g.scaleY(), index};

        // truncate text and boxes together
        int textKeep = text.length();
        int boxKeep = n;
        if (textKeep + boxKeep > s.seqLen()) {
            while (textKeep + boxKeep > s.seqLen() && textKeep > 0 && boxKeep > 0) {
                if (boxKeep > textKeep) {
                    boxKeep--;
                } else {
                    textKeep--;
                }
            }
            textKeep = Math.max(textKeep, 2);
            boxKeep = Math.max(boxKeep, 1);
            text = keepWithLast(text, textKeep);
        }
        return new Sample(boxes, imageFeature, order, Math.min(boxKeep, n), region, imInfo, text, relationship, ops,
                selected, image);
    }

    /**
     * Region indices by descending largest class score. The reference reverses numpy's ascending
     * argsort; on ties (numpy's sort being stable for the small arrays involved) the later region
     * comes first.
     */
    static int[] sortedByConfidence(Region region) {
        int k = region.numBoxes();
        if (region.classScores() == null) {
            return IntStream.range(0, k).toArray();
        }
        // ascending sort of (confidence, index) packed into longs: stable by construction, no boxing
        long[] keys = new long[k];
        for (int j = 0; j < k; j++) {
            float m = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < region.classScoreDim(); c++) {
                m = Math.max(m, region.classScore(j, c));
            }
            keys[j] = (long) orderedBits(m) << 32 | j;
        }
        Arrays.sort(keys);
        int[] out = new int[k];
        for (int j = 0; j < k; j++) {
            out[j] = (int) keys[k - 1 - j];
        }
        return out;
    }

    /** An int that compares as {@link Float#compare} compares the floats. */
    private static int orderedBits(float f) {
        int bits = Float.floatToIntBits(f);
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }

    /**
     * The whole-image feature: the mean of all region features; with masked regions
     * {@code (mean·real − Σ masked) / (real − masked + 1e-5)} in float32, as the reference.
     */
    private float[] imageFeature(Region region, int[] order, int[] selected) {
        float[] f = RegionRows.meanFeature(region);
        if (!s.withMvrc()) {
            return f;
        }
        int real = region.numBoxes();
        int masked = 0;
        for (int j = 0; j < f.length; j++) {
            f[j] *= real;
        }
        for (int j = 0; j < order.length; j++) {
            if (selected[j] == 1) {
                masked++;
                for (int d = 0; d < f.length; d++) {
                    f[d] -= region.feature(order[j], d);
                }
            }
        }
        float denom = (float) (real - masked + 1e-5);
        for (int j = 0; j < f.length; j++) {
            f[j] /= denom;
        }
        return f;
    }

    private MaskedText withSpecialTokens(MaskedText words) {
        int n = words.length();
        int[] ids = new int[n + 2];
        int[] labels = new int[n + 2];
        ids[0] = s.clsId();
        labels[0] = -1;
        System.arraycopy(words.ids(), 0, ids, 1, n);
        System.arraycopy(words.labels(), 0, labels, 1, n);
        ids[n + 1] = s.sepId();
        labels[n + 1] = -1;
        return new MaskedText(ids, labels);
    }

    /** The first {@code keep - 1} entries plus the last one (the reference keeps the final [SEP]). */
    private static MaskedText keepWithLast(MaskedText t, int keep) {
        int[] ids = new int[keep];
        int[] labels = new int[keep];
        System.arraycopy(t.ids(), 0, ids, 0, keep - 1);
        System.arraycopy(t.labels(), 0, labels, 0, keep - 1);
        ids[keep - 1] = t.ids()[t.length() - 1];
        labels[keep - 1] = t.labels()[t.length() - 1];
        return new MaskedText(ids, labels);
    }

    private Map<String, BatchTensor> tensors(List<Sample> samples, BatchContext ctx) {
        int b = samples.size();
        int n = 1;
        int l = 1;
        for (Sample x : samples) {
            n = Math.max(n, x.numBoxes());
            l = Math.max(l, x.text().length());
        }
        int d = pixels != null ? 0 : samples.get(0).region().featureDim();
        int width = 4 + d;
        int first = s.addImageAsABox() ? 1 : 0;
        Map<String, BatchTensor> out = new LinkedHashMap<>();
        if (pixels != null) {
            out.put(IMAGE, PaddedImages.write(samples.stream().map(Sample::image).toList(), ctx));
        }
        BatchTensor boxes = ctx.allocate(ElementType.FLOAT, b, n, width);
        ByteBuffer bd = boxes.data();
        for (int i = 0; i < b; i++) {
            Sample x = samples.get(i);
            if (pixels == null && x.region().featureDim() != d) {
                throw new IllegalArgumentException("mixed feature widths in one batch");
            }
            long base = (long) i * n * width;
            for (int j = 0; j < x.numBoxes(); j++) {
                long row = base + (long) j * width;
                for (int c = 0; c < 4; c++) {
                    bd.putFloat((int) ((row + c) * 4), x.boxes()[j * 4 + c]);
                }
                if (pixels != null) {
                    continue;
                }
                if (j < first) {
                    RegionRows.putFloats(x.imageFeature(), bd, row + 4);
                } else {
                    RegionRows.copyFeature(x.region(), x.order()[j - first], bd, row + 4);
                }
            }
            RegionRows.fill(bd, base + (long) x.numBoxes() * width, (long) (n - x.numBoxes()) * width, BOX_PAD);
        }
        out.put(BOXES, boxes);
        BatchTensor imInfo = ctx.allocate(ElementType.FLOAT, b, 5);
        BatchTensor text = ctx.allocate(ElementType.INT64, b, l);
        BatchTensor rel = ctx.allocate(ElementType.INT64, b);
        BatchTensor mlm = ctx.allocate(ElementType.INT64, b, l);
        // BatchTensor.data() makes a new buffer view per call: take each view once
        ByteBuffer infoData = imInfo.data();
        ByteBuffer textData = text.data();
        ByteBuffer relData = rel.data();
        ByteBuffer mlmData = mlm.data();
        for (int i = 0; i < b; i++) {
            Sample x = samples.get(i);
            RegionRows.putFloats(x.imInfo(), infoData, i * 5L);
            for (int t = 0; t < l; t++) {
                boolean real = t < x.text().length();
                textData.putLong((i * l + t) * 8, real ? x.text().ids()[t] : 0);
                mlmData.putLong((i * l + t) * 8, real ? x.text().labels()[t] : -1);
            }
            relData.putLong(i * 8, x.relationship());
        }
        out.put(IM_INFO, imInfo);
        out.put(TEXT, text);
        out.put(RELATIONSHIP_LABEL, rel);
        out.put(MLM_LABELS, mlm);
        if (s.withMvrc()) {
            BatchTensor ops = ctx.allocate(ElementType.INT64, b, n);
            BatchTensor labels = ctx.allocate(ElementType.FLOAT, b, n, s.classes());
            ByteBuffer od = ops.data();
            ByteBuffer ld = labels.data();
            RegionRows.fill(ld, 0, labels.numel(), 0f);
            for (int i = 0; i < b; i++) {
                Sample x = samples.get(i);
                for (int j = 0; j < n; j++) {
                    od.putLong((i * n + j) * 8, j < x.numBoxes() ? x.ops()[j] : 0);
                    if (j >= first && j < x.numBoxes() && x.selected()[j - first] != 0) {
                        int o = x.order()[j - first];
                        long at = ((long) i * n + j) * s.classes();
                        for (int c = 0; c < s.classes(); c++) {
                            ld.putFloat((int) ((at + c) * 4), x.region().classScore(o, c));
                        }
                    }
                }
            }
            out.put(MVRC_OPS, ops);
            out.put(MVRC_LABELS, labels);
        }
        return out;
    }
}
