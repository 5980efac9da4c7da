package org.vlbert.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vlbert.data.text.TokenIds;
import org.vlbert.data.text.WordPieceTokenizer;
import org.vlbert.data.vqa.ImageResize;
import org.vlbert.data.vqa.VqaCollator;
import org.vlbert.data.vqa.VqaExample;
import org.vlbert.data.vqa.VqaSample;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * Model inputs for queries on precomputed region features, exactly as the VQA collator builds them
 * for evaluation (no flip): {@code boxes} [B, N, 4+D] with the whole-image box first and -2
 * padding rows, {@code im_info} [B, 4] and the 0-padded WordPiece ids of the text, under the
 * name the task's graph uses ({@code question} for VQA, {@code expression} for RefCOCO+, whose
 * reference dataset builds boxes and text the same way).
 */
public final class RegionInputs {
    public static final String BOXES = VqaCollator.BOXES;
    public static final String IM_INFO = VqaCollator.IM_INFO;

    private final WordPieceTokenizer tokenizer;
    private final ImageResize resize;
    private final String textInput;
    private final int maxPositions;

    /**
     * @param textInput    the graph input that takes the text ids
     * @param maxPositions the model's max_position_embeddings (text + boxes + [END] must fit)
     */
    public RegionInputs(WordPieceTokenizer tokenizer, ImageResize resize, String textInput, int maxPositions) {
        this.tokenizer = tokenizer;
        this.resize = resize;
        this.textInput = textInput;
        this.maxPositions = maxPositions;
    }

    /** The graph input that takes the text ids. */
    public String textInput() {
        return textInput;
    }

    /** "question" or "referring expression": what the text input holds, for messages. */
    static String textName(String textInput) {
        return textInput.equals(VqaCollator.QUESTION) ? "question" : "referring expression";
    }

    /** Text positions the task adds around the query's WordPieces (VQA: [CLS] [SEP] [MASK] [SEP]). */
    private int addedTextTokens() {
        return textInput.equals(VqaCollator.QUESTION) ? 4 : 2;
    }

    public int[] tokenIds(String text) {
        return TokenIds.of(tokenizer, text);
    }

    /** The batch of model inputs for {@code queries}. */
    public Map<String, HostTensor> build(List<RegionQuery> queries) {
        if (queries.isEmpty()) {
            throw new IllegalArgumentException("no queries");
        }
        List<VqaExample> rows = new ArrayList<>();
        for (RegionQuery q : queries) {
            int[] ids = tokenIds(q.text());
            int length = ids.length + addedTextTokens() + q.region().numBoxes() + 1 + 1;
            if (length > maxPositions) {
                throw new PackageException("the text '" + abbreviate(q.text()) + "' (" + ids.length + " WordPieces) and the "
                        + q.region().numBoxes() + " regions of image " + q.region().imageId() + " need " + length
                        + " positions, more than the model's " + maxPositions + "; shorten the text");
            }
            rows.add(new VqaExample(new VqaSample(0, q.region().imageId(), q.text(), ids, null, null, null, null, null,
                    null), q.region()));
        }
        Map<String, HostTensor> batch = QueryBatches.collate(new VqaCollator(resize, 0, false, null, -1, -1), rows);
        Map<String, HostTensor> out = new LinkedHashMap<>();
        out.put(BOXES, batch.get(VqaCollator.BOXES));
        out.put(IM_INFO, batch.get(VqaCollator.IM_INFO));
        out.put(textInput, batch.get(VqaCollator.QUESTION));
        return out;
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
