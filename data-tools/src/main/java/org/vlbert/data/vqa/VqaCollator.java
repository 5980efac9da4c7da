package org.vlbert.data.vqa;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vlbert.data.image.BoxGeometry;
import org.vlbert.data.load.BatchContext;
import org.vlbert.data.load.BatchTensor;
import org.vlbert.data.load.Collator;
import org.vlbert.data.load.ElementType;
import org.vlbert.data.regions.Region;
import org.vlbert.data.regions.RegionRows;

/**
 * The VQA model inputs for precomputed features, as the reference {@code VQA} dataset and
 * {@code BatchCollator} produce them (tasks.md §1.2–1.3, §0.3):
 * <ul>
 *   <li>{@code boxes} [B, N, 4+D] float32: the whole-image box {@code [0, 0, w-1, h-1]} first (its
 *       feature the stored {@code image_box_feature} or the mean of the region features), then the
 *       regions; coordinates resized by the SCALES rule, flipped when drawn, clamped to the
 *       resized image; rows past an image's boxes are -2;</li>
 *   <li>{@code im_info} [B, 4]: resized width, height, x scale, y scale;</li>
 *   <li>{@code question} [B, Lq] int64 WordPiece ids, 0-padded, no special tokens; {@code left} and
 *       {@code right} swapped on flipped samples;</li>
 *   <li>{@code label} [B, A] soft scores (training/validation only), recomputed from the answers
 *       with {@code left}/{@code right} swapped on flipped samples.</li>
 * </ul>
 * Precomputed features are not flipped (they come from the unflipped image), as in the reference.
 */
public final class VqaCollator implements Collator<VqaExample> {
    public static final String BOXES = "boxes";
    public static final String IM_INFO = "im_info";
    public static final String QUESTION = "question";
    public static final String LABEL = "label";
    private static final float BOX_PAD = -2f;

    private final ImageResize resize;
    private final double flipProbability;
    private final boolean withLabels;
    private final AnswerVocabulary answers;
    private final int leftId;
    private final int rightId;

    /**
     * @param flipProbability TRAIN.FLIP_PROB (0.5 shipped) for training, 0 for val/test
     * @param withLabels      produce {@code label} (training and validation; not test)
     */
    public VqaCollator(ImageResize resize, double flipProbability, boolean withLabels, AnswerVocabulary answers,
                       int leftId, int rightId) {
        this.resize = resize;
        this.flipProbability = flipProbability;
        this.withLabels = withLabels;
        this.answers = answers;
        this.leftId = leftId;
        this.rightId = rightId;
    }

    /** A collator for the samples of {@code data} (answer vocabulary and flip ids from its file). */
    public static VqaCollator forDataset(VqaDataset data, ImageResize resize, double flipProbability, boolean withLabels) {
        VqaSamples s = data.samples();
        return new VqaCollator(resize, flipProbability, withLabels, s.answers(), s.leftId(), s.rightId());
    }

    @Override
    public Map<String, BatchTensor> collate(List<VqaExample> rows, BatchContext ctx) {
        int b = rows.size();
        int featureDim = rows.isEmpty() ? 0 : rows.get(0).region().featureDim();
        int maxBoxes = 0;
        int maxQuestion = 0;
        for (VqaExample e : rows) {
            if (e.region().featureDim() != featureDim) {
                throw new IllegalArgumentException("mixed feature widths in one batch");
            }
            maxBoxes = Math.max(maxBoxes, e.region().numBoxes() + 1);
            maxQuestion = Math.max(maxQuestion, e.sample().questionIds().length);
        }
        int rowWidth = 4 + featureDim;
        BatchTensor boxes = ctx.allocate(ElementType.FLOAT, b, maxBoxes, rowWidth);
        BatchTensor imInfo = ctx.allocate(ElementType.FLOAT, b, 4);
        BatchTensor question = ctx.allocate(ElementType.INT64, b, maxQuestion);
        BatchTensor label = withLabels ? ctx.allocate(ElementType.FLOAT, b, answers.size()) : null;
        ByteBuffer boxData = boxes.data();
        ByteBuffer infoData = imInfo.data();
        ByteBuffer questionData = question.data();
        ByteBuffer labelData = label == null ? null : label.data();
        for (int i = 0; i < b; i++) {
            VqaExample e = rows.get(i);
            boolean flip = flipProbability > 0 && ctx.random(i).nextDouble() < flipProbability;
            float[] info = writeBoxes(e.region(), flip, boxData, (long) i * maxBoxes * rowWidth, maxBoxes, rowWidth);
            RegionRows.putFloats(info, infoData, i * 4L);
            writeQuestion(e.sample().questionIds(), flip, questionData, i * maxQuestion, maxQuestion);
            if (labelData != null) {
                writeLabel(e.sample(), flip, labelData, i * answers.size());
            }
        }
        Map<String, BatchTensor> out = new LinkedHashMap<>();
        out.put(BOXES, boxes);
        out.put(IM_INFO, imInfo);
        out.put(QUESTION, question);
        if (label != null) {
            out.put(LABEL, label);
        }
        return out;
    }

    /** Writes one sample's [maxBoxes, 4+D] block at float offset {@code base}; returns its im_info. */
    private float[] writeBoxes(Region r, boolean flip, ByteBuffer dst, long base, int maxBoxes, int rowWidth) {
        BoxGeometry g = resize.geometry(r.width(), r.height(), flip);
        float[] coords = new float[4];
        int n = r.numBoxes();
        // row 0: the whole image
        g.transform(0f, 0f, r.width() - 1f, r.height() - 1f, coords, 0);
        RegionRows.putFloats(coords, dst, base);
        RegionRows.putFloats(RegionRows.imageFeature(r), dst, base + 4);
        for (int k = 0; k < n; k++) {
            long row = base + (long) (k + 1) * rowWidth;
            g.transform(r.box(k, 0), r.box(k, 1), r.box(k, 2), r.box(k, 3), coords, 0);
            RegionRows.putFloats(coords, dst, row);
            RegionRows.copyFeature(r, k, dst, row + 4);
        }
        RegionRows.fill(dst, base + (long) (n + 1) * rowWidth, (long) (maxBoxes - n - 1) * rowWidth, BOX_PAD);
        return g.imInfo();
    }

    private void writeQuestion(int[] ids, boolean flip, ByteBuffer dst, int base, int length) {
        for (int t = 0; t < length; t++) {
            long v = t >= ids.length ? 0 : flip ? LeftRightSwap.swap(ids[t], leftId, rightId) : ids[t];
            dst.putLong((base + t) * 8, v);
        }
    }

    private void writeLabel(VqaSample s, boolean flip, ByteBuffer dst, int base) {
        int a = answers.size();
        for (int k = 0; k < a; k++) {
            dst.putFloat((base + k) * 4, 0f);
        }
        SoftTarget target = flip && mentionsLeftOrRight(s.answers()) ? SoftTarget.of(swapLeftRight(s.answers()), answers)
                : s.target();
        if (target == null) {
            throw new IllegalStateException("question " + s.questionId() + " has no annotations; labels need a "
                    + "training or validation set (test sets are collated without labels)");
        }
        for (int k = 0; k < target.indices().length; k++) {
            dst.putFloat((base + target.indices()[k]) * 4, target.scores()[k]);
        }
    }

    private static boolean mentionsLeftOrRight(List<String> answers) {
        for (String a : answers) {
            for (String w : a.split(" ", -1)) {
                if (w.equals("left") || w.equals("right")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The reference's answer flip: split on single spaces, swap the words, re-join. */
    static List<String> swapLeftRight(List<String> answers) {
        List<String> out = new ArrayList<>(answers.size());
        for (String a : answers) {
            String[] words = a.split(" ", -1);
            for (int i = 0; i < words.length; i++) {
                words[i] = words[i].equals("left") ? "right" : words[i].equals("right") ? "left" : words[i];
            }
            out.add(String.join(" ", words));
        }
        return out;
    }
}
